import { Button, Center, type ButtonProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The part of a TanStack infinite query that the footer needs. */
export interface CursorList {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

export interface LoadMoreProps {
  list: CursorList;
  /** Defaults to "Load more". */
  label?: string;
  variant?: ButtonProps['variant'];
  /** Centred under the list (default), or where the list's column starts. */
  centered?: boolean;
}

/** The footer of a cursor-paged list: one button that loads the next page, while there is one. */
export function LoadMore({ list, label, variant = 'default', centered = true }: LoadMoreProps) {
  const { t } = useTranslation();
  if (!list.hasNextPage) return null;
  const button = (
    <Button variant={variant} onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
      {label ?? t('common.loadMore')}
    </Button>
  );
  return centered ? <Center>{button}</Center> : button;
}
