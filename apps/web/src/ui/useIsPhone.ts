import { useMediaQuery } from '@mantine/hooks';

/** True below Mantine's `xs` breakpoint (36em, 576 px): modals go full screen there. */
export function useIsPhone(): boolean {
  return useMediaQuery('(max-width: 36em)') ?? false;
}
