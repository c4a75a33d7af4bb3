import { Group, Stack, Text } from '@mantine/core';

/**
 * A map legend as a list: each colour beside its meaning in words, so the figures never depend on
 * colour alone (the table beside the map has the same values).
 */
export function Legend({ id, title, items, round = false }: { id?: string; title: string; items: Array<{ colour: string; text: string }>; round?: boolean }) {
  return (
    <Stack gap={4} id={id} data-map-legend>
      <Text size="xs" fw={600}>
        {title}
      </Text>
      <Group component="ul" gap="sm" wrap="wrap" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {items.map((i) => (
          <Group component="li" key={`${i.colour}${i.text}`} gap={4} wrap="nowrap">
            <span
              aria-hidden
              style={{ display: 'inline-block', width: 14, height: 14, background: i.colour, border: '1px solid #495057', borderRadius: round ? 7 : 2 }}
            />
            <Text size="xs">{i.text}</Text>
          </Group>
        ))}
      </Group>
    </Stack>
  );
}
