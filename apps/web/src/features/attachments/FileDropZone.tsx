import { Button, Group, Paper, Stack, Text } from '@mantine/core';
import { IconCamera, IconPaperclip, IconUpload } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import type { DragEvent } from 'react';
import { useTranslation } from 'react-i18next';

export interface FileDropZoneProps {
  onFiles: (files: File[]) => void;
  disabled?: boolean;
  /** A single row of buttons, for tight spots such as the reply box. */
  compact?: boolean;
  /** Accessible name of the file chooser, e.g. "Lampirkan berkas ke tiket". */
  label?: string;
}

function hasFiles(event: DragEvent): boolean {
  return [...event.dataTransfer.types].includes('Files');
}

/**
 * Drag files onto it, or choose them; on phones a second button opens the camera. The native
 * inputs stay in the page (hidden) so that tests and assistive tools can reach them.
 */
export function FileDropZone({ onFiles, disabled = false, compact = false, label }: FileDropZoneProps) {
  const { t } = useTranslation();
  const fileInput = useRef<HTMLInputElement>(null);
  const cameraInput = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const depth = useRef(0);

  const take = (list: FileList | null) => {
    const files = list ? [...list] : [];
    if (files.length > 0 && !disabled) onFiles(files);
  };

  const inputs = (
    <>
      <input
        ref={fileInput}
        type="file"
        multiple
        hidden
        aria-label={label ?? t('attachments.chooseFiles')}
        onChange={(event) => {
          take(event.currentTarget.files);
          event.currentTarget.value = '';
        }}
      />
      <input
        ref={cameraInput}
        type="file"
        accept="image/*"
        capture="environment"
        hidden
        aria-label={t('attachments.takePhoto')}
        onChange={(event) => {
          take(event.currentTarget.files);
          event.currentTarget.value = '';
        }}
      />
    </>
  );

  const buttons = (
    <Group gap="xs" justify={compact ? 'flex-start' : 'center'}>
      <Button
        variant="default"
        size="xs"
        leftSection={<IconPaperclip size={16} />}
        onClick={() => fileInput.current?.click()}
        disabled={disabled}
      >
        {t('attachments.chooseFiles')}
      </Button>
      <Button
        variant="default"
        size="xs"
        leftSection={<IconCamera size={16} />}
        onClick={() => cameraInput.current?.click()}
        disabled={disabled}
        hiddenFrom="sm"
      >
        {t('attachments.takePhoto')}
      </Button>
    </Group>
  );

  const dragHandlers = {
    onDragEnter: (event: DragEvent) => {
      if (!hasFiles(event) || disabled) return;
      event.preventDefault();
      depth.current += 1;
      setDragging(true);
    },
    onDragOver: (event: DragEvent) => {
      if (!hasFiles(event) || disabled) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    },
    onDragLeave: () => {
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setDragging(false);
    },
    onDrop: (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth.current = 0;
      setDragging(false);
      take(event.dataTransfer.files);
    },
  };

  if (compact) {
    return (
      <div {...dragHandlers}>
        {inputs}
        {buttons}
      </div>
    );
  }

  return (
    <Paper
      {...dragHandlers}
      withBorder
      radius="md"
      p="md"
      data-dragging={dragging || undefined}
      style={{
        borderStyle: 'dashed',
        borderWidth: 2,
        borderColor: dragging ? 'var(--mantine-color-blue-5)' : undefined,
        background: dragging ? 'var(--mantine-color-blue-0)' : undefined,
        opacity: disabled ? 0.6 : 1,
      }}
    >
      {inputs}
      <Stack gap={6} align="center">
        <IconUpload size={24} color="var(--mantine-color-dimmed)" aria-hidden />
        <Text size="sm" c="dimmed" ta="center">
          {dragging ? t('attachments.dropNow') : t('attachments.dropHint')}
        </Text>
        {buttons}
      </Stack>
    </Paper>
  );
}
