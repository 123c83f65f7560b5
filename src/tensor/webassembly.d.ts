// The part of the WebAssembly JavaScript API the engine uses (Node.js provides it; TypeScript only
// types it in the DOM library, which this project does not load).
declare global {
  namespace WebAssembly {
    interface MemoryDescriptor {
      initial: number;
      maximum?: number;
    }
    class Memory {
      constructor(descriptor: MemoryDescriptor);
      readonly buffer: ArrayBuffer;
      grow(delta: number): number;
    }
    class Module {
      constructor(bytes: BufferSource);
    }
    class Instance {
      constructor(module: Module, imports?: Record<string, Record<string, unknown>>);
      readonly exports: Record<string, unknown>;
    }
    class Global {
      readonly value: unknown;
    }
  }
}

export {};
