import { describe, expect, it } from 'vitest';
import { RFM_DEFAULT_SEGMENTS, UNMATCHED_SEGMENT, VALUE_CLASS_LIST } from '@/analytics/rfm-segments';
import { aliveBandOf, SEGMENTS, segmentKey, segmentName, VALUE_CLASS_KEYS } from './labels';

describe('analytics labels', () => {
  it('every segment of the rfm table (and Others) has a key that maps back to its name', () => {
    for (const name of [...RFM_DEFAULT_SEGMENTS.map((s) => s.name), UNMATCHED_SEGMENT]) {
      const key = segmentKey(name);
      expect(key, name).not.toBeNull();
      expect(segmentName(key!)).toBe(name);
    }
    expect(SEGMENTS).toHaveLength(RFM_DEFAULT_SEGMENTS.length + 1);
  });

  it('value classes are the library’s eight keys; P(alive) bands split at 0.2, 0.5, 0.8', () => {
    expect(VALUE_CLASS_KEYS).toEqual(VALUE_CLASS_LIST.map((c) => c.key));
    expect([0.1, 0.2, 0.49, 0.5, 0.79, 0.8, 1].map(aliveBandOf)).toEqual([
      'veryLow',
      'low',
      'low',
      'medium',
      'medium',
      'high',
      'high',
    ]);
  });
});
