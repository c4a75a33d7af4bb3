import { SimpleGrid, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** Label/value pairs as a real <dl>, two columns on wide screens, stacked on phones. */
export function DescriptionList({ items }: { items: Array<{ label: string; value: ReactNode }> }) {
  return (
    <SimpleGrid component="dl" cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm" m={0}>
      {items.map((it) => (
        <div key={it.label}>
          <Text component="dt" size="sm" c="dimmed">
            {it.label}
          </Text>
          <Text component="dd" m={0} fw={500}>
            {it.value}
          </Text>
        </div>
      ))}
    </SimpleGrid>
  );
}
