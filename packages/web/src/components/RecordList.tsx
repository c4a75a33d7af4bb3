import { Card, Group, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface Column<T> {
  key: string;
  header: string;
  render: (row: T) => ReactNode;
  /** The column that heads each card on phones (usually a link to the record); the first column otherwise. */
  primary?: boolean;
}

interface RecordListProps<T> {
  /** Names the table for screen readers. */
  caption: string;
  rows: T[];
  rowKey: (row: T) => string;
  columns: Column<T>[];
  actions?: (row: T) => ReactNode;
  empty?: string;
  minWidth?: number;
}

/** A table on wide screens; stacked cards on phones (below Mantine's `sm`, 48em). */
export function RecordList<T>({ caption, rows, rowKey, columns, actions, empty, minWidth = 720 }: RecordListProps<T>) {
  const { t } = useTranslation();
  const wide = useMediaQuery('(min-width: 48em)', true, { getInitialValueInEffect: false });

  if (rows.length === 0) {
    return (
      <Text c="dimmed" py="lg" ta="center">
        {empty ?? t('common.noResults')}
      </Text>
    );
  }

  if (wide) {
    return (
      <Table.ScrollContainer minWidth={minWidth}>
        <Table striped highlightOnHover verticalSpacing="sm">
          <Table.Caption style={{ captionSide: 'top', textAlign: 'start' }} className="visually-hidden">
            {caption}
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              {columns.map((c) => (
                <Table.Th key={c.key} scope="col">
                  {c.header}
                </Table.Th>
              ))}
              {actions && (
                <Table.Th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={rowKey(row)}>
                {columns.map((c) => (
                  <Table.Td key={c.key}>{c.render(row)}</Table.Td>
                ))}
                {actions && (
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap" justify="flex-end">
                      {actions(row)}
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  }

  const head = columns.find((c) => c.primary) ?? columns[0]!;
  const rest = columns.filter((c) => c !== head);
  return (
    <Stack gap="sm" component="ul" p={0} m={0} aria-label={caption} style={{ listStyle: 'none' }}>
      {rows.map((row) => (
        <Card key={rowKey(row)} component="li" withBorder padding="sm" radius="md">
          <Text component="div" fw={600} mb={4} style={{ overflowWrap: 'anywhere' }}>
            {head.render(row)}
          </Text>
          <Stack component="dl" gap={4} m={0}>
            {rest.map((c) => (
              <Group key={c.key} gap="xs" wrap="nowrap" align="baseline">
                <Text component="dt" size="sm" c="dimmed" style={{ flex: '0 0 40%' }}>
                  {c.header}
                </Text>
                <Text component="dd" size="sm" m={0} style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
                  {c.render(row)}
                </Text>
              </Group>
            ))}
          </Stack>
          {actions && (
            <Group gap="xs" mt="sm" wrap="wrap">
              {actions(row)}
            </Group>
          )}
        </Card>
      ))}
    </Stack>
  );
}
