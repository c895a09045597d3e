import { useState } from 'react';

export interface DialogState<D> {
  /** What the dialog shows; kept after closing so the content does not vanish mid-transition. */
  data: D | null;
  opened: boolean;
  open: (data: D) => void;
  close: () => void;
}

/** Which dialog of a page is open, and for what. */
export function useDialogState<D>(): DialogState<D> {
  const [state, setState] = useState<{ data: D | null; opened: boolean }>({ data: null, opened: false });
  return {
    data: state.data,
    opened: state.opened,
    open: (data) => setState({ data, opened: true }),
    close: () => setState((prev) => ({ ...prev, opened: false })),
  };
}
