import { describe, expect, it } from 'vitest';
import { ROLES } from '@/db/schema/enums';
import { can, PERMISSIONS } from './permissions';

describe('permission map (shared/DESIGN.md roles table)', () => {
  it('admins may do everything', () => {
    for (const p of Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[])
      expect(can({ role: 'admin' }, p)).toBe(true);
  });
  it('only admins write users and settings and read the audit log; managers read users and settings', () => {
    for (const role of ROLES) {
      expect(can({ role }, 'users:write')).toBe(role === 'admin');
      expect(can({ role }, 'settings:write')).toBe(role === 'admin');
      expect(can({ role }, 'audit:read')).toBe(role === 'admin');
      expect(can({ role }, 'users:read')).toBe(role === 'admin' || role === 'manager');
    }
  });
  it('everyone reads customers; marketers and agents do not edit customers; agents edit contact details', () => {
    for (const role of ROLES) expect(can({ role }, 'customers:read')).toBe(true);
    expect(can({ role: 'marketer' }, 'customers:write')).toBe(false);
    expect(can({ role: 'service_agent' }, 'customers:write')).toBe(false);
    expect(can({ role: 'service_agent' }, 'contacts:write')).toBe(true);
    expect(can({ role: 'marketer' }, 'contacts:write')).toBe(false);
  });
  it('only admins and managers reassign customers', () => {
    expect(ROLES.filter((role) => can({ role }, 'customers:reassign'))).toEqual(['admin', 'manager']);
  });
  it('only admins and managers start an analytics refresh; service agents see no customer analytics', () => {
    expect(ROLES.filter((role) => can({ role }, 'analytics:refresh'))).toEqual(['admin', 'manager']);
    expect(ROLES.filter((role) => !can({ role }, 'analytics:read'))).toEqual(['service_agent']);
  });
  it('admins, managers and reps import order history; agents and marketers do not', () => {
    expect(ROLES.filter((role) => can({ role }, 'orders:import'))).toEqual(['admin', 'manager', 'sales_rep']);
  });
  it('admins, managers and reps work leads; only admins and managers assign them; agents and marketers have none', () => {
    expect(ROLES.filter((role) => can({ role }, 'leads:read'))).toEqual(['admin', 'manager', 'sales_rep']);
    expect(ROLES.filter((role) => can({ role }, 'leads:write'))).toEqual(['admin', 'manager', 'sales_rep']);
    expect(ROLES.filter((role) => can({ role }, 'leads:assign'))).toEqual(['admin', 'manager']);
  });
});
