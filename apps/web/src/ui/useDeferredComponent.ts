import { useEffect, useState } from 'react';
import type { ComponentType } from 'react';

/**
 * A component from its own chunk, fetched once `wanted` turns true; null until it is there.
 * Unlike React.lazy, a failed fetch (offline, before the service worker took over) does not
 * throw into the tree: the caller keeps showing its fallback and the fetch is tried again when
 * the connection returns.
 */
export function useDeferredComponent<P extends object>(
  load: () => Promise<ComponentType<P>>,
  wanted: boolean,
): ComponentType<P> | null {
  const [component, setComponent] = useState<ComponentType<P> | null>(null);
  useEffect(() => {
    if (!wanted || component) return;
    let cancelled = false;
    const attempt = () => {
      load().then(
        (loaded) => {
          if (!cancelled) setComponent(() => loaded);
        },
        () => window.addEventListener('online', attempt, { once: true }),
      );
    };
    attempt();
    return () => {
      cancelled = true;
      window.removeEventListener('online', attempt);
    };
  }, [wanted, component, load]);
  return component;
}
