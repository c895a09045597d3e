// Mantine's Tooltip in its own chunk, for DeferredTooltip.
export { Tooltip } from '@mantine/core';
