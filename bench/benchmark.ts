/**
 * A benchmark lives in bench/NAME.bench.ts and exports `bench: Benchmark`. It
 * prints its figures through `log`, measures its baseline side by side in the
 * same run, and returns its summary line `NAME: key=value …`.
 */
export type Benchmark = (log: (line: string) => void) => Promise<string>;
