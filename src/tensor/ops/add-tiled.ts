import { empty, gradOf, record, type Tensor } from "../tensor.js";

/**
 * x + tile, the tile repeated over the leading dimension of x: y[b, …] = x[b, …] + tile[…]
 * (a learned positional embedding added to every sequence of a batch). The tile's gradient sums
 * over b. One pass, no index map.
 *
 * Shapes: `x` [B, …], `tile` with the shape of x without its first dimension; y like x.
 */
export function addTiled(x: Tensor, tile: Tensor): Tensor {
  const inner = x.shape.slice(1);
  if (
    tile.shape.length !== inner.length ||
    tile.shape.some((d, i) => d !== inner[i]) ||
    tile.dtype !== x.dtype
  ) {
    throw new Error(`addTiled: tile [${tile.shape.join(", ")}] does not tile x [${x.shape.join(", ")}]`);
  }
  const y = empty(x.shape, x.dtype);
  const width = tile.size;
  const rows = x.size / Math.max(width, 1);
  {
    const [xv, tv, yv] = [x.values(), tile.values(), y.values()];
    for (let b = 0; b < rows; b++) {
      const base = b * width;
      for (let j = 0; j < width; j++) yv[base + j] = xv[base + j]! + tv[j]!;
    }
  }
  return record(y, [x, tile], (g) => {
    const gx = x.requiresGrad ? gradOf(x) : undefined;
    const gt = tile.requiresGrad ? gradOf(tile) : undefined;
    const gv = g.values();
    if (gx) {
      const dv = gx.grad.values();
      if (gx.fresh) dv.set(gv);
      else for (let i = 0; i < dv.length; i++) dv[i]! += gv[i]!;
    }
    if (gt) {
      const dv = gt.grad.values();
      if (gt.fresh) dv.fill(0);
      for (let b = 0; b < rows; b++) {
        const base = b * width;
        for (let j = 0; j < width; j++) dv[j]! += gv[base + j]!;
      }
    }
  });
}
