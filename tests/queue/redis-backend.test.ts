import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { describeWithRedis } from "../support/services.js";
import { queueContract } from "./queue-contract.js";

await describeWithRedis("queue contract: Redis", (url) => {
  queueContract(async () => {
    const prefix = `nwtest-${randomUUID().slice(0, 8)}`;
    return {
      options: { redisUrl: url, prefix, drainDelayMs: 500 },
      async cleanup() {
        const redis = new Redis(url);
        const keys = await redis.keys(`${prefix}:*`);
        if (keys.length > 0) await redis.del(...keys);
        await redis.quit();
      },
    };
  });
});
