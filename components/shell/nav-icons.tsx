import { BarChart3, Contact, Briefcase, Building2, FileClock, Headset, Home, Megaphone, Search, Settings, UserPlus, Users, type LucideIcon } from 'lucide-react';

export const NAV_ICONS: Record<string, LucideIcon> = {
  home: Home,
  customers: Building2,
  contacts: Contact,
  leads: UserPlus,
  deals: Briefcase,
  cases: Headset,
  marketing: Megaphone,
  analytics: BarChart3,
  search: Search,
  users: Users,
  audit: FileClock,
  settings: Settings,
};
