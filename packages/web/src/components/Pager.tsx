import { Group, Pagination, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

interface PagerProps {
  page: number;
  pageSize: number;
  total: number;
  onChange: (page: number) => void;
}

/** "N in total" and page buttons with spoken labels. */
export function Pager({ page, pageSize, total, onChange }: PagerProps) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const labels = { first: t('common.firstPage'), previous: t('common.previousPage'), next: t('common.nextPage'), last: t('common.lastPage') };
  return (
    <Group justify="space-between" mt="md" gap="sm" wrap="wrap">
      <Text size="sm" c="dimmed" aria-live="polite">
        {t('common.total', { count: total })}
      </Text>
      {pages > 1 && (
        <nav aria-label={t('common.pagination')}>
          <Pagination
            size="sm"
            siblings={1}
            boundaries={1}
            total={pages}
            value={Math.min(page, pages)}
            onChange={onChange}
            getControlProps={(control) => ({ 'aria-label': labels[control] })}
            getItemProps={(p) => ({ 'aria-label': t('common.page', { page: p }), 'aria-current': p === page ? 'page' : undefined })}
          />
        </nav>
      )}
    </Group>
  );
}
