import { Indicator } from '@mantine/core';
import { createElement, useState } from 'react';
import { useDeferredComponent } from '@/ui/useDeferredComponent';
import { BellButton } from './BellButton';
import { useUnreadCount } from './notifications.hooks';

const loadPanel = () => import('./NotificationPanel').then((m) => m.NotificationPanel);

/**
 * The header's bell: the unread count on every page; the popover with the latest notifications
 * (Popover, ScrollArea, floating-ui: NotificationPanel.tsx) is fetched when the bell is first
 * pointed at, focused or pressed, not with the page, like the language menu.
 */
export function NotificationBell() {
  const [opened, setOpened] = useState(false);
  const [wanted, setWanted] = useState(false);
  const unread = useUnreadCount();
  const count = unread.data ?? 0;
  const Panel = useDeferredComponent(loadPanel, wanted);
  const preload = () => void loadPanel();
  // The badge wraps the popover, not its target: the target's aria-haspopup/aria-expanded then
  // sit on the button itself (on the badge's div they are not allowed, Lighthouse's aria-allowed-attr).
  return (
    <Indicator
      label={<span data-testid="notification-count">{count > 99 ? '99+' : count}</span>}
      disabled={count === 0}
      size={18}
      offset={6}
      color="red"
      inline
    >
      {Panel ? (
        // createElement: the panel arrives once and keeps its identity (not made during render).
        createElement(Panel, { opened, onChange: setOpened, count })
      ) : (
        <BellButton
          count={count}
          opened={false}
          onPointerEnter={preload}
          onPointerDown={preload}
          onFocus={preload}
          onClick={() => {
            setWanted(true);
            setOpened(true);
          }}
        />
      )}
    </Indicator>
  );
}
