import type { TooltipProps } from '@mantine/core';
import { cloneElement, createElement, useState } from 'react';
import type { FocusEvent, PointerEvent, ReactElement } from 'react';
import { useDeferredComponent } from './useDeferredComponent';

const loadTooltip = () => import('./TooltipChunk').then((m) => m.Tooltip);

type Handlers = {
  onPointerEnter?: (event: PointerEvent<HTMLElement>) => void;
  onPointerLeave?: (event: PointerEvent<HTMLElement>) => void;
  onFocus?: (event: FocusEvent<HTMLElement>) => void;
  onBlur?: (event: FocusEvent<HTMLElement>) => void;
};

export type DeferredTooltipProps = Omit<TooltipProps, 'children'> & { children: ReactElement<Handlers> };

/**
 * Mantine's Tooltip, fetched (with its positioning code) when its target is first pointed at or
 * focused, not with the page: a list of badges does not need it to show. Until then the target
 * is shown as it is; once the tooltip is there it opens at once if the pointer or focus that
 * asked for it is still on the target, then behaves as usual.
 */
export function DeferredTooltip({ children, ...props }: DeferredTooltipProps) {
  const [wanted, setWanted] = useState(false);
  const [over, setOver] = useState(false);
  const Tooltip = useDeferredComponent(loadTooltip, wanted);
  if (Tooltip) return createElement(Tooltip, { ...props, defaultOpened: over }, children);
  const enter = () => {
    setWanted(true);
    setOver(true);
  };
  return cloneElement(children, {
    onPointerEnter: (event: PointerEvent<HTMLElement>) => {
      children.props.onPointerEnter?.(event);
      enter();
    },
    onPointerLeave: (event: PointerEvent<HTMLElement>) => {
      children.props.onPointerLeave?.(event);
      setOver(false);
    },
    onFocus: (event: FocusEvent<HTMLElement>) => {
      children.props.onFocus?.(event);
      enter();
    },
    onBlur: (event: FocusEvent<HTMLElement>) => {
      children.props.onBlur?.(event);
      setOver(false);
    },
  });
}
