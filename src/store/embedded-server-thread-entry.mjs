// The entry of the embedded database's worker thread. Node 20 does not hand a
// thread the module hooks its parent registered (tsx, vitest), so this plain
// module loads the TypeScript itself, through tsx (a runtime dependency).
import { tsImport } from "tsx/esm/api";

await tsImport("./embedded-server-thread.ts", import.meta.url);
