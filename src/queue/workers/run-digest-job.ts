import {
  type BuildChannelDigestDeps,
  buildChannelDigest,
  type DigestRequest,
} from "./build-channel-digest.js";

export interface DigestJobDeps extends BuildChannelDigestDeps {
  /** Adds the deliver job of a digest; idempotent (the job id is the digest's). */
  enqueueDeliver(digestId: string): Promise<void>;
}

export interface DigestJobResult {
  /** The digest built now; null when there was nothing new to say. */
  digestId: string | null;
  /** Every pending digest of the channel handed to the deliver queue, this one included. */
  handedOver: string[];
}

/**
 * The digest job: build and persist the channel's digest, then hand every
 * pending digest of the channel to the deliver queue. A run that died between
 * persisting a digest and enqueuing its delivery left that digest holding its
 * matches; the next run (the retried job, or the channel's next digest)
 * finds nothing new to build but must still send it (DESIGN.md §1: a job can
 * run twice). Enqueuing is keyed by digest id, so a digest already on its way
 * is not sent twice.
 */
export async function runDigestJob(
  request: Omit<DigestRequest, "dryRun">,
  deps: DigestJobDeps,
): Promise<DigestJobResult> {
  const digest = await buildChannelDigest(request, deps);
  const handedOver = await deps.digests.pendingIds(request.channel);
  for (const id of handedOver) await deps.enqueueDeliver(id);
  return { digestId: digest?.digestId ?? null, handedOver };
}
