import { Alert, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/Loading';
import { searchNames } from '../../offline/search';
import { useCaseload } from '../visits/api';
import { CaseloadCards } from '../visits/VisitsPage';

/**
 * The persons page with no signal: the registry cannot be searched, so it says so and shows the
 * caseload kept on the phone, searchable with the same slips forgiven, instead of waiting forever.
 */
export function OfflinePersons({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const { query, entries } = useCaseload(userId);
  const [q, setQ] = useState('');
  return (
    <div data-offline-persons>
      <Alert color="gray" mb="md" role="status">
        {t('persons.offlineNotice')}
      </Alert>
      {query.isPending ? (
        <Loading />
      ) : !entries?.length ? (
        <Text c="dimmed">{t('persons.offlineNoCopy')}</Text>
      ) : (
        <>
          <TextInput
            type="search"
            label={t('visits.searchCaseload')}
            description={t('visits.searchCaseloadHelp')}
            value={q}
            onChange={(e) => setQ(e.currentTarget.value)}
            autoComplete="off"
            mb="sm"
          />
          {searchNames(entries, q, (p) => p.name).length === 0 && <Text c="dimmed">{t('visits.noMatch')}</Text>}
          <CaseloadCards entries={searchNames(entries, q, (p) => p.name)} />
        </>
      )}
    </div>
  );
}
