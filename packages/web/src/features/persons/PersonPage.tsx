import {
  ADL_GROUP_LABELS,
  auditActionLabel,
  CID_MISSING_REASON_LABELS,
  CONSENT_METHOD_LABELS,
  CONSENT_PURPOSE_LABELS,
  DISABILITY_TYPE_LABELS,
  type DisabilityType,
  ENTITLEMENT_LABELS,
  ENTITLEMENT_STATUS_LABELS,
  ENTITLEMENT_STATUSES,
  type EntitlementStatus,
  formatDate,
  formatDateTime,
  GAP_LABELS,
  HEALTH_SCHEME_LABELS,
  mayShare,
  PERSON_STATUS_LABELS,
  REHAB_CONDITION_LABELS,
  SOURCE_LABELS,
  VULNERABILITY_LABELS,
} from '@carehub/core';
import { Alert, Badge, Button, Card, Group, Select, Stack, Table, Tabs, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, patch, post } from '../../api';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DescriptionList } from '../../components/DescriptionList';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifyError, notifySuccess } from '../../components/feedback';
import { Loading } from '../../components/Loading';
import { ButtonLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { pick, useLang } from '../../i18n';
import { PersonAssessments } from '../assessments/PersonAssessments';
import { hasPermission, useMe } from '../auth/api';
import { PersonReferrals } from '../referrals/PersonReferrals';
import { ReferDialog } from '../referrals/ReferDialog';
import { CaseloadPanel } from '../visits/CaseloadPanel';
import { formatCid, fullName, type Person, personQuery, provenanceQuery, sharesQuery, timelineQuery } from './api';
import { formatPartialDate } from './PartialDate';
import { type DialogKind, ProfileDialog } from './ProfileDialogs';

type Confirm = { title: string; message: string; label: string; run: () => Promise<unknown> } | null;
const label = (map: Record<string, { th: string; en: string }>, key: string | null | undefined, lang: 'th' | 'en') =>
  key ? (map[key] ? pick(map[key]!, lang) : key) : '—';

/** The person page: profile, vulnerabilities, entitlements and gaps, household, consents and sharing, provenance, timeline. */
export function PersonPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const qc = useQueryClient();
  const person = useQuery(personQuery(id));
  const [tab, setTab] = useState<string | null>('profile');
  const [dialog, setDialog] = useState<DialogKind | null>(null);
  const [confirm, setConfirm] = useState<Confirm>(null);
  const [referring, setReferring] = useState(false);
  const canWrite = hasPermission(me, 'persons.write');
  const canExport = hasPermission(me, 'persons.export');
  const canAssign = hasPermission(me, 'caseload.manage');
  const provenance = useQuery({ ...provenanceQuery(id), enabled: tab === 'provenance' });
  const timeline = useQuery({ ...timelineQuery(id), enabled: tab === 'timeline' });
  const shares = useQuery({ ...sharesQuery(id), enabled: tab === 'consents' });

  const apply = (saved: Person) => {
    qc.setQueryData(['persons', 'one', id], saved);
    void qc.invalidateQueries({ queryKey: ['persons', 'list'] });
  };
  const act = useMutation({
    mutationFn: (run: () => Promise<unknown>) => run(),
    onSuccess: (saved) => {
      if (saved && typeof saved === 'object' && 'version' in saved) apply(saved as Person);
      void qc.invalidateQueries({ queryKey: ['persons', 'one', id] });
      notifySuccess(t('registry.saved'));
      setConfirm(null);
    },
    onError: (err) => {
      notifyError(err);
      setConfirm(null);
    },
  });

  if (person.isPending) return <Loading />;
  if (person.isError)
    return (
      <>
        <ButtonLink to="/persons" variant="subtle" size="xs" mb="sm" px={0}>
          ← {t('persons.backToList')}
        </ButtonLink>
        <Alert color="gray" title={t('registry.notFound')} mb="md" />
        <ErrorAlert error={person.error} onRetry={() => person.refetch()} />
      </>
    );
  const p = person.data;
  const add = (kind: DialogKind, text: string) =>
    canWrite && (
      <Button size="xs" onClick={() => setDialog(kind)}>
        {text}
      </Button>
    );
  const empty = <Text c="dimmed">{t('registry.none')}</Text>;

  return (
    <>
      <ButtonLink to="/persons" variant="subtle" size="xs" mb="sm" px={0}>
        ← {t('persons.backToList')}
      </ButtonLink>
      <PageHeader title={fullName(p)}>
        <Group gap="xs">
          {canWrite && (
            <ButtonLink to="/persons/$id/edit" params={{ id }}>
              {t('registry.edit')}
            </ButtonLink>
          )}
          {canWrite && (
            <Button variant="light" onClick={() => setReferring(true)}>
              {t('referrals.refer')}
            </Button>
          )}
          <ButtonLink to="/persons/$id/care-plan" params={{ id }} variant="light" data-care-plan-link>
            {t('carePlans.open')}
          </ButtonLink>
          {/* The whole record as a file: staff who work a whole area, not volunteers or caregivers (persons.export). */}
          {canExport && (
            <Button component="a" variant="default" href={`/api/persons/${id}/export?format=json`} download data-record-export>
              {t('registry.exportJson')}
            </Button>
          )}
          {canExport && (
            <Button component="a" variant="default" href={`/api/persons/${id}/export?format=pdf`} download data-record-export>
              {t('registry.exportPdf')}
            </Button>
          )}
        </Group>
      </PageHeader>
      <Group gap={6} mb="md">
        {p.flags.map((f) => (
          <Badge key={f} variant="light">
            {label(VULNERABILITY_LABELS, f, lang)}
          </Badge>
        ))}
        {p.adlGroup && (
          <Badge color="grape" variant="light">
            ADL: {label(ADL_GROUP_LABELS, p.adlGroup, lang)}
          </Badge>
        )}
        <Badge color={p.status === 'alive' ? 'teal' : 'gray'} variant="outline">
          {label(PERSON_STATUS_LABELS, p.status, lang)}
        </Badge>
      </Group>
      {p.gapDetails.length > 0 && (
        <Alert color="orange" title={t('registry.gapsTitle')} mb="md">
          <Stack gap={2}>
            {p.gapDetails.map((g) => (
              <Text key={g.code} size="sm">
                {pick(GAP_LABELS[g.code], lang)}
                {g.baht ? ` · ${t('registry.bahtPerMonth', { baht: g.baht })}` : ''}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List mb="md">
          {(['profile', 'assessments', 'vulnerabilities', 'entitlements', 'household', 'consents', 'provenance', 'timeline'] as const).map((k) => (
            <Tabs.Tab key={k} value={k}>
              {t(`registry.tabs.${k}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>

        <Tabs.Panel value="profile">
          <Card withBorder>
            <DescriptionList
              items={[
                {
                  label: t('registry.cid'),
                  value: p.cid ? formatCid(p.cid) : `${t('persons.noCid')} (${label(CID_MISSING_REASON_LABELS, p.cidMissingReason, lang)})`,
                },
                { label: t('persons.name'), value: fullName(p) },
                ...(p.firstNameEn ? [{ label: t('registry.firstNameEn'), value: `${p.firstNameEn} ${p.lastNameEn ?? ''}` }] : []),
                {
                  label: t('registry.birthDate'),
                  value: p.birthDate ? `${formatPartialDate(p.birthDate, lang)}${p.age !== null ? ` (${t('registry.age', { age: p.age })})` : ''}` : '—',
                },
                { label: t('registry.sex'), value: t(`persons.sexes.${p.sex}`) },
                {
                  label: t('persons.area'),
                  value: [p.address.houseNo, p.address.villageNo && `${lang === 'th' ? 'หมู่' : 'Moo'} ${p.address.villageNo}`, p.areaPath, p.address.text]
                    .filter(Boolean)
                    .join(' '),
                },
                { label: t('registry.phone'), value: p.phones.join(', ') || '—' },
                ...(p.gps ? [{ label: t('registry.gps'), value: `${p.gps.lat}, ${p.gps.lng}` }] : []),
                { label: t('persons.version'), value: p.version },
                { label: t('persons.updatedAt'), value: formatDateTime(p.updatedAt, lang) },
              ]}
            />
          </Card>
          {canAssign && <CaseloadPanel personId={id} />}
        </Tabs.Panel>

        <Tabs.Panel value="assessments">
          <PersonAssessments personId={id} canWrite={canWrite} />
        </Tabs.Panel>

        <Tabs.Panel value="vulnerabilities">
          <Group mb="sm">{add('vulnerability', t('registry.addVulnerability'))}</Group>
          {p.vulnerabilities.length === 0
            ? empty
            : p.vulnerabilities.map((v) => (
                <Card key={v.id} withBorder mb="xs" opacity={v.endedAt ? 0.6 : 1}>
                  <Group justify="space-between" align="flex-start">
                    <div>
                      <Text fw={600}>
                        {label(VULNERABILITY_LABELS, v.kind, lang)} {v.endedAt && `(${t('registry.ended')} ${formatDate(v.endedAt, lang)})`}
                      </Text>
                      {v.disabilityTypes && (
                        <Text size="sm">{v.disabilityTypes.map((d) => pick(DISABILITY_TYPE_LABELS[d as DisabilityType], lang)).join(', ')}</Text>
                      )}
                      {v.cardNumber && (
                        <Text size="sm">
                          {t('registry.cardNumber')}: {v.cardNumber} · {t('registry.cardExpiry')}: {v.cardExpiry ? formatDate(v.cardExpiry, lang) : '—'}
                        </Text>
                      )}
                      {v.condition && <Text size="sm">{label(REHAB_CONDITION_LABELS, v.condition, lang)}</Text>}
                      <Text size="xs" c="dimmed">
                        {pick(SOURCE_LABELS[v.source], lang)} · {v.recordedBy ?? ''} · {formatDateTime(v.recordedAt, lang)}
                      </Text>
                    </div>
                    {canWrite && !v.endedAt && (
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() =>
                          setConfirm({
                            title: t('registry.end'),
                            message: t('registry.endConfirm'),
                            label: t('registry.end'),
                            run: () => post(`/api/persons/${id}/vulnerabilities/${v.id}/end`),
                          })
                        }
                      >
                        {t('registry.end')}
                      </Button>
                    )}
                  </Group>
                </Card>
              ))}
        </Tabs.Panel>

        <Tabs.Panel value="entitlements">
          <Group mb="sm">{add('entitlement', t('registry.addEntitlement'))}</Group>
          {p.entitlements.length === 0 ? (
            empty
          ) : (
            <Table.ScrollContainer minWidth={560}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('registry.entitlementKind')}</Table.Th>
                    <Table.Th>{t('registry.detail')}</Table.Th>
                    <Table.Th>{t('registry.entitlementStatus')}</Table.Th>
                    <Table.Th>{t('registry.startDate')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {p.entitlements.map((e) => (
                    <Table.Tr key={e.id}>
                      <Table.Td>{label(ENTITLEMENT_LABELS, e.kind, lang)}</Table.Td>
                      <Table.Td>{e.kind === 'health_scheme' ? label(HEALTH_SCHEME_LABELS, e.detail, lang) : (e.detail ?? '')}</Table.Td>
                      <Table.Td>
                        {canWrite ? (
                          <Select
                            aria-label={`${t('registry.entitlementStatus')} ${label(ENTITLEMENT_LABELS, e.kind, lang)}`}
                            data={ENTITLEMENT_STATUSES.map((s) => ({ value: s, label: pick(ENTITLEMENT_STATUS_LABELS[s], lang) }))}
                            value={e.status}
                            onChange={(s) =>
                              s && s !== e.status && act.mutate(() => patch(`/api/persons/${id}/entitlements/${e.id}`, { status: s as EntitlementStatus }))
                            }
                            allowDeselect={false}
                            w={220}
                          />
                        ) : (
                          label(ENTITLEMENT_STATUS_LABELS, e.status, lang)
                        )}
                      </Table.Td>
                      <Table.Td>{e.startDate ? formatDate(e.startDate, lang) : '—'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Tabs.Panel>

        <Tabs.Panel value="household">
          <Group mb="sm">{add('household', t('registry.addMember'))}</Group>
          {p.household.length === 0
            ? empty
            : p.household.map((m) => (
                <Card key={m.id} withBorder mb="xs">
                  <Group justify="space-between">
                    <div>
                      <Text fw={600}>
                        {m.name} · {m.relation} {m.isMainCaregiver && <Badge size="sm">{t('registry.mainCaregiver')}</Badge>}
                      </Text>
                      <Text size="sm">{m.phone ?? ''}</Text>
                    </div>
                    {canWrite && (
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() =>
                          setConfirm({
                            title: t('registry.remove'),
                            message: t('registry.removeConfirm'),
                            label: t('registry.remove'),
                            run: () => del(`/api/persons/${id}/household/${m.id}`),
                          })
                        }
                      >
                        {t('registry.remove')}
                      </Button>
                    )}
                  </Group>
                </Card>
              ))}
        </Tabs.Panel>

        <Tabs.Panel value="consents">
          <Group mb="sm">{add('consent', t('registry.addConsent'))}</Group>
          {p.consents.length === 0
            ? empty
            : p.consents.map((c) => (
                <Card key={c.id} withBorder mb="xs" opacity={c.withdrawnAt ? 0.6 : 1}>
                  <Group justify="space-between">
                    <div>
                      <Text fw={600}>
                        {label(CONSENT_PURPOSE_LABELS, c.purpose, lang)} {c.withdrawnAt && `(${t('registry.withdrawn')} ${formatDate(c.withdrawnAt, lang)})`}
                      </Text>
                      <Text size="sm">
                        {c.givenBy === 'self' ? t('registry.self') : `${t('registry.guardian')}: ${c.guardianName ?? ''}`} ·{' '}
                        {label(CONSENT_METHOD_LABELS, c.method, lang)} · {formatDate(c.givenAt, lang)}
                      </Text>
                    </div>
                    {canWrite && !c.withdrawnAt && (
                      <Button
                        size="xs"
                        color="red"
                        variant="light"
                        onClick={() =>
                          setConfirm({
                            title: t('registry.withdraw'),
                            message: t('registry.withdrawConfirm'),
                            label: t('registry.withdraw'),
                            run: () => post(`/api/persons/${id}/consents/${c.id}/withdraw`),
                          })
                        }
                      >
                        {t('registry.withdraw')}
                      </Button>
                    )}
                  </Group>
                </Card>
              ))}
          <Text fw={600} mt="md" mb="xs">
            {t('registry.shares')}
          </Text>
          {shares.data?.filter((s) => !s.revokedAt).length
            ? shares.data
                .filter((s) => !s.revokedAt)
                .map((s) => (
                  <Group key={s.id} justify="space-between" mb={4}>
                    <Text size="sm">
                      {s.organisationName} · {formatDate(s.createdAt, lang)}
                    </Text>
                    {canWrite && p && mayShare({ ...me, organisationArea: me.organisation.areaCode }, p.areaCode) === 'yes' && (
                      <Button size="xs" variant="default" onClick={() => act.mutate(() => del(`/api/persons/${id}/shares/${s.id}`))}>
                        {t('registry.stopSharing')}
                      </Button>
                    )}
                  </Group>
                ))
            : empty}
          <Text fw={600} mt="md" mb="xs">
            {t('referrals.personTitle')}
          </Text>
          <PersonReferrals personId={id} />
        </Tabs.Panel>

        <Tabs.Panel value="provenance">
          {provenance.isPending ? (
            <Loading />
          ) : provenance.isError ? (
            <ErrorAlert error={provenance.error} />
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('registry.field')}</Table.Th>
                    <Table.Th>{t('registry.value')}</Table.Th>
                    <Table.Th>{t('registry.source')}</Table.Th>
                    <Table.Th>{t('registry.who')}</Table.Th>
                    <Table.Th>{t('registry.when')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {provenance.data.map((r) => (
                    <Table.Tr key={`${r.field}-${r.recordedAt}-${JSON.stringify(r.value)}`}>
                      <Table.Td>{r.field}</Table.Td>
                      <Table.Td style={{ maxWidth: 320, overflowWrap: 'anywhere' }}>{typeof r.value === 'string' ? r.value : JSON.stringify(r.value)}</Table.Td>
                      <Table.Td>{pick(SOURCE_LABELS[r.source], lang)}</Table.Td>
                      <Table.Td>{r.recordedBy ?? ''}</Table.Td>
                      <Table.Td>{formatDateTime(r.recordedAt, lang)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Tabs.Panel>

        <Tabs.Panel value="timeline">
          {timeline.isPending ? (
            <Loading />
          ) : timeline.isError ? (
            <ErrorAlert error={timeline.error} />
          ) : (
            <Stack gap={4}>
              {timeline.data.map((e) => (
                <Text key={`${e.at}-${e.action}`} size="sm">
                  <Text span c="dimmed" size="sm">
                    {formatDateTime(e.at, lang)}
                  </Text>{' '}
                  · {auditActionLabel(e.action, lang)}
                  {e.count > 1 && ` (${t('audit.times', { count: e.count, from: formatDateTime(e.firstAt, lang), to: formatDateTime(e.at, lang) })})`} ·{' '}
                  {e.actorName ?? e.actor ?? t('audit.system')}
                </Text>
              ))}
            </Stack>
          )}
        </Tabs.Panel>
      </Tabs>

      <ProfileDialog person={p} kind={dialog} onClose={() => setDialog(null)} />
      {canWrite && <ReferDialog personId={id} opened={referring} onClose={() => setReferring(false)} />}
      <ConfirmDialog
        opened={confirm !== null}
        title={confirm?.title ?? ''}
        message={confirm?.message ?? ''}
        confirmLabel={confirm?.label ?? ''}
        loading={act.isPending}
        onConfirm={() => confirm && act.mutate(confirm.run)}
        onClose={() => setConfirm(null)}
      />
    </>
  );
}
