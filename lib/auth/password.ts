import { hash, verify } from '@node-rs/argon2';

// argon2id with the OWASP-recommended minimum (19 MiB, 2 passes): ~22 ms to hash here.
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(plain: string): Promise<string> {
  return hash(plain, OPTIONS);
}

export async function verifyPassword(stored: string, plain: string): Promise<boolean> {
  try {
    return await verify(stored, plain);
  } catch {
    return false; // malformed hash
  }
}

/** A valid hash of a random string: verifying against it costs the same time as a real check. */
export const TIMING_DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$0GieDd0ARkV3dzOW/f+AUA$ex+L6z9a+T9Un2jH3FkJfy8vxKk0zBXByrTx1HZJolI';
