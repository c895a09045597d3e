import { SsoPanel } from '@/features/sso/SsoPanel';

export function SsoPage() {
  return <SsoPanel />;
}
