/** A benchmark prints its figures through `log` and returns its summary line `NAME: key=value …`. */
export type Benchmark = (log: (line: string) => void) => Promise<string>;

/** Every benchmark, by name. Add yours here: `name: (await import("./name.js")).benchName`. */
export const benchmarks: Record<string, Benchmark> = {};
