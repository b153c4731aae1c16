import { beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { readAnalyticsSettings } from '@/lib/analytics/load';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser } from '@/lib/testing/factories';
import { form, initial } from '@/lib/testing/forms';
import { signInAs } from '@/lib/testing/session-mock';
import { getSettings } from './settings';
import { updateSettingsAction } from './settings-actions';

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);

setupTestDatabase();

const valid = {
  companyName: 'Lodestar GmbH',
  currency: 'eur',
  fiscalYearStartMonth: '4',
  timeZone: 'Europe/Berlin',
  clvMargin: '0.25',
  clvAnnualDiscountRate: '0.08',
  clvHorizonMonths: '24',
  clvAcquisitionCost: '35.50',
  analyticsTimeUnit: 'week',
  rfmWindowMonths: '',
};

describe('company settings', () => {
  beforeEach(() => signInAs(null));

  it('a manager (read only) calling the action directly is refused and nothing changes', async () => {
    const before = await getSettings();
    signInAs(await createTestUser('manager'));
    expect(await updateSettingsAction(initial, form({ ...valid, version: String(before.version) }))).toMatchObject({
      ok: false,
      message: 'forbidden',
    });
    expect(await getSettings()).toEqual(before);
  });

  it('an admin gets field errors for an unknown currency format and time zone; nothing changes', async () => {
    const before = await getSettings();
    signInAs(await createTestUser('admin'));
    const result = await updateSettingsAction(
      initial,
      form({ ...valid, version: String(before.version), currency: 'EURO', timeZone: 'Mars/Olympus_Mons' }),
    );
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { currency: ['currency'], timeZone: ['timeZone'] },
      values: { currency: 'EURO' },
    });
    expect(await getSettings()).toEqual(before);
  });

  it('an admin saves; a second save from the same version is refused as stale', async () => {
    const before = await getSettings();
    signInAs(await createTestUser('admin'));
    expect(await updateSettingsAction(initial, form({ ...valid, version: String(before.version) }))).toMatchObject({
      ok: true,
    });
    const after = await getSettings();
    expect(after).toMatchObject({
      companyName: 'Lodestar GmbH',
      currency: 'EUR',
      fiscalYearStartMonth: 4,
      timeZone: 'Europe/Berlin',
      clvMargin: '0.2500',
      clvHorizonMonths: 24,
      clvAcquisitionCost: '35.50',
      analyticsTimeUnit: 'week',
      rfmWindowMonths: null,
      version: before.version + 1,
    });
    expect(
      await updateSettingsAction(
        initial,
        form({ ...valid, companyName: 'Overwritten', version: String(before.version) }),
      ),
    ).toMatchObject({ ok: false, message: 'stale' });
    expect((await getSettings()).companyName).toBe('Lodestar GmbH');
  });

  it('an admin gets field errors for analytics settings out of range; nothing changes', async () => {
    const before = await getSettings();
    signInAs(await createTestUser('admin'));
    const result = await updateSettingsAction(
      initial,
      form({
        ...valid,
        version: String(before.version),
        clvHorizonMonths: '0',
        clvAcquisitionCost: '-5',
        analyticsTimeUnit: 'month',
        rfmWindowMonths: '601',
      }),
    );
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: {
        clvHorizonMonths: ['horizonMonths'],
        clvAcquisitionCost: ['amount'],
        analyticsTimeUnit: ['timeUnit'],
        rfmWindowMonths: ['windowMonths'],
      },
    });
    expect(await getSettings()).toEqual(before);
  });

  it('the history window is saved as months, and the refresh reads the settings it is given', async () => {
    const before = await getSettings();
    signInAs(await createTestUser('admin'));
    const saved = await updateSettingsAction(
      initial,
      form({ ...valid, version: String(before.version), rfmWindowMonths: '18', clvAnnualDiscountRate: '0.1268' }),
    );
    expect(saved).toMatchObject({ ok: true });
    expect((await getSettings()).rfmWindowMonths).toBe(18);
    const { settings } = await readAnalyticsSettings(db);
    expect(settings).toMatchObject({
      windowMonths: 18,
      horizonMonths: 24,
      unit: 'week',
      acquisitionCost: 35.5,
      margin: 0.25,
    });
    // (1 + 0.1268)^(1/12) − 1 ≈ 0.01: the monthly rate the model discounts by.
    expect(settings.monthlyDiscountRate).toBeCloseTo(0.01, 4);
  });
});
