import { Notifications } from '@mantine/notifications';

/** Mantine's toast renderer, in its own chunk (Providers mounts it when the first toast shows). */
export function ToastRenderer() {
  return <Notifications position="bottom-right" limit={4} />;
}
