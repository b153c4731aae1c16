import { vi } from 'vitest';

/** next/cache outside a Next request: record revalidations instead of failing. */
export const cacheMock = { revalidatePath: vi.fn(), revalidateTag: vi.fn(), updateTag: vi.fn(), refresh: vi.fn() };

/** next/headers outside a request: an empty cookie jar and headers. */
const jar = new Map<string, string>();
export const headersMock = {
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
    set: (name: string, value: string) => void jar.set(name, value),
    delete: (name: string) => void jar.delete(name),
  }),
  headers: async () => new Headers(),
};
