/**
 * The app's routing primitives over wouter (~2 KB): the location, links, redirects and search
 * parameters the pages use, with the names and shapes they had under React Router (whose data
 * router was 26 KB of every first load). Paths are always absolute; matching is in app/router.tsx.
 */
import { forwardRef, useLayoutEffect, useMemo } from 'react';
import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { useLocation as useWouterLocation, useParams as useWouterParams, useSearch } from 'wouter';
import { navigate as navigateBrowser, useHistoryState } from 'wouter/use-browser-location';

export interface NavigateOptions {
  replace?: boolean;
  state?: unknown;
}

export type NavigationType = 'POP' | 'PUSH' | 'REPLACE';

// How the current entry was reached: the back/forward buttons (POP, also the first load) or a
// push/replace by the app. wouter's history patch dispatches `pushState` / `replaceState`.
let lastNavigation: NavigationType = 'POP';
if (typeof window !== 'undefined') {
  window.addEventListener('popstate', () => (lastNavigation = 'POP'));
  window.addEventListener('pushState', () => (lastNavigation = 'PUSH'));
  window.addEventListener('replaceState', () => (lastNavigation = 'REPLACE'));
}

export function navigate(to: string, options: NavigateOptions = {}): void {
  navigateBrowser(to, { replace: options.replace ?? false, state: options.state ?? null });
}

export function useNavigate(): (to: string, options?: NavigateOptions) => void {
  return navigate;
}

/** How the current page was reached; re-read on every navigation. */
export function useNavigationType(): NavigationType {
  useWouterLocation();
  return lastNavigation;
}

export interface AppLocation {
  pathname: string;
  search: string;
  /** The fragment (`#...`), where mailed links carry their token (never sent to a server). */
  hash: string;
  state: unknown;
}

/** The current location; `state` is what the navigation carried (history.state). */
export function useLocation(): AppLocation {
  const [pathname] = useWouterLocation();
  const search = useSearch();
  const state: unknown = useHistoryState();
  // wouter re-renders on `hashchange` too; the fragment itself is read from the browser.
  const hash = window.location.hash;
  return useMemo(
    () => ({ pathname, search: search ? `?${search}` : '', hash, state }),
    [pathname, search, hash, state],
  );
}

export function useParams(): Record<string, string | undefined> {
  return useWouterParams<Record<string, string | undefined>>();
}

type SearchInit = URLSearchParams | Record<string, string> | string;

export function useSearchParams(): [URLSearchParams, (next: SearchInit, options?: NavigateOptions) => void] {
  const [pathname] = useWouterLocation();
  const search = useSearch();
  const params = useMemo(() => new URLSearchParams(search), [search]);
  const setParams = (next: SearchInit, options?: NavigateOptions) => {
    const query = new URLSearchParams(next).toString();
    navigate(query ? `${pathname}?${query}` : pathname, options);
  };
  return [params, setParams];
}

/** Redirects once rendered (before paint), like React Router's `<Navigate>`. */
export function Navigate({ to, replace, state }: { to: string } & NavigateOptions) {
  useLayoutEffect(() => navigate(to, { replace, state }), []); // eslint-disable-line react-hooks/exhaustive-deps
  return null;
}

export interface LinkProps extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'>, NavigateOptions {
  to: string;
}

/**
 * An anchor that navigates in the app; a modified click (new tab, download) or another target is
 * left to the browser. Usable as Mantine's `component={Link}`.
 */
export const Link = forwardRef<HTMLAnchorElement, LinkProps>(function Link(
  { to, replace, state, onClick, target, ...rest },
  ref,
) {
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return;
    if (target && target !== '_self') return;
    event.preventDefault();
    navigate(to, { replace, state });
  };
  return <a {...rest} ref={ref} href={to} target={target} onClick={handleClick} />;
});
