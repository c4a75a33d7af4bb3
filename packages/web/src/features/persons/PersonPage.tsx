import { formatDate, formatDateTime } from '@carehub/core';
import { Card, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { DescriptionList } from '../../components/DescriptionList';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { ButtonLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { useLang } from '../../i18n';
import { AreaName } from '../areas/AreaName';
import { formatCid, fullName, personQuery } from './api';

/** A read-only summary of one person (the full registry comes later). Opening it is audited by the server. */
export function PersonPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const person = useQuery(personQuery(id));

  return (
    <>
      <ButtonLink to="/persons" variant="subtle" size="xs" mb="sm" px={0}>
        ← {t('persons.backToList')}
      </ButtonLink>
      {person.isPending ? (
        <Loading />
      ) : person.isError ? (
        <>
          <PageHeader title={t('persons.summary')} />
          <ErrorAlert error={person.error} onRetry={() => person.refetch()} />
        </>
      ) : (
        <>
          <PageHeader title={fullName(person.data)} />
          <Card withBorder radius="md" padding="md" component="section" aria-labelledby="person-summary">
            <Title order={2} size="h4" id="person-summary" mb="md">
              {t('persons.summary')}
            </Title>
            <DescriptionList
              items={[
                { label: t('persons.cid'), value: person.data.cid ? formatCid(person.data.cid) : t('persons.noCid') },
                { label: t('persons.name'), value: fullName(person.data) },
                { label: t('persons.sex'), value: t(`persons.sexes.${person.data.sex}`) },
                { label: t('persons.birthDate'), value: person.data.birthDate ? formatDate(person.data.birthDate, lang) : t('common.none') },
                { label: t('persons.area'), value: <AreaName code={person.data.areaCode} /> },
                { label: t('persons.version'), value: person.data.version },
                { label: t('persons.createdAt'), value: formatDateTime(person.data.createdAt, lang) },
                { label: t('persons.updatedAt'), value: formatDateTime(person.data.updatedAt, lang) },
              ]}
            />
          </Card>
        </>
      )}
    </>
  );
}
