import { ColorSwatch, Group, Text } from '@mantine/core';

export interface ColorDotProps {
  color: string;
  label: string;
}

/** A colour swatch followed by its label (priorities). */
export function ColorDot({ color, label }: ColorDotProps) {
  return (
    <Group gap="xs" wrap="nowrap">
      <ColorSwatch color={color} size={14} aria-hidden />
      <Text size="sm">{label}</Text>
    </Group>
  );
}
