import { AGREEMENT_BY_LABELS, AGREEMENT_METHOD_LABELS, formatDate, formatDateTime } from '@carehub/core';
import { Alert, Badge, Button, Card, Divider, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifySuccess } from '../../components/feedback';
import { Loading } from '../../components/Loading';
import { AnchorLink, ButtonLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { useLang } from '../../i18n';
import { hasPermission, useMe } from '../auth/api';
import { fullName, personQuery } from '../persons/api';
import { AgreementDialog } from './AgreementDialog';
import { type CarePlanView, carePlanKey, carePlanQuery, type PlanHistoryEntry, pdfUrl } from './api';
import { ConferenceDialog, ConferenceList } from './Conferences';
import { PlanEditor } from './PlanEditor';
import { labelOf, PlanView } from './PlanView';
import { countChanges, todayInThailand } from './plan';
import { TeamPanel } from './TeamPanel';

/**
 * A person's care plan: the latest version (or an older one, read-only), its agreement, history and
 * PDF; editing the whole plan as a new version; the case team; case conferences.
 */
export function CarePlanPage({ personId, version }: { personId: string; version?: number }) {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const qc = useQueryClient();
  const canWrite = hasPermission(me, 'persons.write');
  const person = useQuery(personQuery(personId));
  const latest = useQuery(carePlanQuery(personId));
  const old = useQuery({ ...carePlanQuery(personId, version), enabled: version !== undefined });
  // The version the editor started from: kept while editing, whatever arrives live meanwhile.
  const [editing, setEditing] = useState<{ base: CarePlanView; key: number } | null>(null);
  const [agreeing, setAgreeing] = useState(false);
  const [conferring, setConferring] = useState(false);

  if (latest.isPending || (version !== undefined && old.isPending)) return <Loading />;
  if (latest.isError) return <ErrorAlert error={latest.error} onRetry={() => latest.refetch()} />;
  if (version !== undefined && old.isError) return <ErrorAlert error={old.error} onRetry={() => old.refetch()} />;

  const current = latest.data;
  const shown = version !== undefined && old.data ? old.data : current;
  const isOld = shown.version !== current.version;
  const name = person.data ? fullName(person.data) : '';
  const title = name ? t('carePlans.titleOf', { name }) : t('carePlans.title');
  const today = todayInThailand();

  const remember = (view: CarePlanView) => {
    qc.setQueryData(carePlanQuery(personId).queryKey, view);
    qc.setQueryData(carePlanQuery(personId, view.version).queryKey, view);
    void qc.invalidateQueries({ queryKey: carePlanKey(personId) });
  };

  const backToPerson = (
    <ButtonLink to="/persons/$id" params={{ id: personId }} variant="subtle" size="xs" mb="sm" px={0}>
      ← {t('carePlans.backToPerson')}
    </ButtonLink>
  );

  if (editing)
    return (
      <>
        {backToPerson}
        <PageHeader title={t('carePlans.editTitleOf', { name: name || t('carePlans.title') })} />
        <PlanEditor
          key={editing.key}
          personId={personId}
          base={editing.base}
          latestVersion={current.version}
          onSaved={(saved) => {
            remember(saved);
            setEditing(null);
          }}
          onCancel={() => setEditing(null)}
          onReload={async () => {
            const fresh = await qc.fetchQuery({ ...carePlanQuery(personId), staleTime: 0 });
            setEditing({ base: fresh, key: Date.now() });
          }}
        />
      </>
    );

  return (
    <>
      {backToPerson}
      <PageHeader title={title}>
        <Group gap="xs">
          {canWrite && !isOld && (
            <Button onClick={() => setEditing({ base: current, key: Date.now() })}>
              {current.version === 0 ? t('carePlans.create') : t('carePlans.edit')}
            </Button>
          )}
          {canWrite && !isOld && current.version > 0 && (
            <Button variant="light" onClick={() => setAgreeing(true)}>
              {t('carePlans.recordAgreement')}
            </Button>
          )}
          {shown.version > 0 && (
            <Button component="a" variant="default" href={pdfUrl(personId, shown.version)} download data-pdf={shown.version}>
              {t('carePlans.downloadPdf')}
            </Button>
          )}
          {canWrite && !isOld && (
            <Button variant="default" onClick={() => setConferring(true)}>
              {t('carePlans.recordConference')}
            </Button>
          )}
        </Group>
      </PageHeader>

      {isOld && (
        <Alert color="yellow" mb="md" title={t('carePlans.oldTitle', { version: shown.version })} data-old-version={shown.version}>
          <Text size="sm">{t('carePlans.oldBody', { latest: current.version })}</Text>
          <AnchorLink to="/persons/$id/care-plan" params={{ id: personId }} size="sm">
            {t('carePlans.toLatest', { version: current.version })}
          </AnchorLink>
        </Alert>
      )}

      <Card withBorder mb="lg" data-version={shown.version} data-plan-header>
        {shown.version === 0 ? (
          <Text>{t('carePlans.noPlan')}</Text>
        ) : (
          <Stack gap={6}>
            <Group gap="xs">
              <Title order={2} size="h4">
                {t('carePlans.versionN', { version: shown.version })}
              </Title>
              {shown.agreement ? (
                <Badge color="teal" variant="light" data-agreement="agreed">
                  {t('carePlans.agreed')}
                </Badge>
              ) : (
                <Badge color="orange" variant="filled" data-agreement="none">
                  {t('carePlans.notAgreed')}
                </Badge>
              )}
            </Group>
            <Text size="sm">{t('carePlans.savedBy', { name: shown.createdBy ?? '—', at: shown.createdAt ? formatDateTime(shown.createdAt, lang) : '—' })}</Text>
            {shown.changeNote && (
              <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                <Text span c="dimmed" size="sm">
                  {t('carePlans.changeNote')}:{' '}
                </Text>
                {shown.changeNote}
              </Text>
            )}
            {shown.agreement && (
              <Text size="sm" data-agreement-detail>
                {t('carePlans.agreedDetail', {
                  name: shown.agreement.agreedByName,
                  who: labelOf(AGREEMENT_BY_LABELS, shown.agreement.agreedBy, lang),
                  method: labelOf(AGREEMENT_METHOD_LABELS, shown.agreement.method, lang),
                  on: formatDate(shown.agreement.agreedOn, lang),
                })}
                {shown.agreement.note ? ` · ${shown.agreement.note}` : ''}
              </Text>
            )}
          </Stack>
        )}
      </Card>

      {shown.version > 0 && <PlanView body={shown.body} organisations={shown.organisations} today={today} />}

      {current.history.length > 0 && (
        <>
          <Divider my="lg" />
          <History personId={personId} history={current.history} shownVersion={shown.version} latestVersion={current.version} />
        </>
      )}

      <Divider my="lg" />
      <TeamPanel personId={personId} canWrite={canWrite} />
      <Divider my="lg" />
      <ConferenceList personId={personId} />

      <AgreementDialog
        personId={personId}
        version={current.version}
        opened={agreeing}
        onClose={() => setAgreeing(false)}
        onRecorded={(view) => {
          remember(view);
          notifySuccess(t('carePlans.agreementSaved', { version: view.version }));
        }}
      />
      <ConferenceDialog personId={personId} opened={conferring} onClose={() => setConferring(false)} />
    </>
  );
}

function History({
  personId,
  history,
  shownVersion,
  latestVersion,
}: {
  personId: string;
  history: PlanHistoryEntry[];
  shownVersion: number;
  latestVersion: number;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <section aria-labelledby="plan-history-title" data-history>
      <Title order={2} size="h3" id="plan-history-title" mb="xs">
        {t('carePlans.historyTitle')}
      </Title>
      <Stack gap="xs" component="ol" p={0} m={0} style={{ listStyle: 'none' }}>
        {history.map((h) => {
          const counts = countChanges(h.changes);
          const here = h.version === shownVersion;
          return (
            <Card
              key={h.version}
              component="li"
              withBorder
              padding="sm"
              data-history-version={h.version}
              aria-current={here ? 'true' : undefined}
              style={here ? { borderColor: 'var(--mantine-primary-color-filled)', borderWidth: 2 } : undefined}
            >
              <Group justify="space-between" gap="xs" align="flex-start">
                <div style={{ minWidth: 0, flex: 1 }}>
                  <Group gap="xs">
                    {here ? (
                      <Text fw={700}>{t('carePlans.versionN', { version: h.version })}</Text>
                    ) : (
                      <AnchorLink
                        to="/persons/$id/care-plan"
                        params={{ id: personId }}
                        search={h.version === latestVersion ? {} : { version: h.version }}
                        fw={700}
                      >
                        {t('carePlans.versionN', { version: h.version })}
                      </AnchorLink>
                    )}
                    {h.version === latestVersion && (
                      <Badge size="sm" variant="outline">
                        {t('carePlans.latest')}
                      </Badge>
                    )}
                    <Badge size="sm" color={h.agreed ? 'teal' : 'orange'} variant="light">
                      {h.agreed ? t('carePlans.agreed') : t('carePlans.notAgreed')}
                    </Badge>
                  </Group>
                  <Text size="sm" c="dimmed">
                    {formatDateTime(h.createdAt, lang)} · {h.createdBy}
                  </Text>
                  {h.changeNote && (
                    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                      {h.changeNote}
                    </Text>
                  )}
                  <Text size="sm" data-changes>
                    {counts.length === 0
                      ? t('carePlans.changes.none')
                      : counts
                          .map(
                            ({ part, counts: c }) =>
                              `${t(`carePlans.${part}`)}: ${c.map(([kind, n]) => t(`carePlans.changes.${kind}`, { count: n })).join(', ')}`,
                          )
                          .join(' · ')}
                  </Text>
                </div>
              </Group>
            </Card>
          );
        })}
      </Stack>
    </section>
  );
}
