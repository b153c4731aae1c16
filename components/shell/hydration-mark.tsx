'use client';

import { useEffect } from 'react';

/** Marks <html data-hydrated> once React has hydrated, so browser tests act on live forms. */
export function HydrationMark() {
  useEffect(() => {
    document.documentElement.dataset.hydrated = '1';
  }, []);
  return null;
}
