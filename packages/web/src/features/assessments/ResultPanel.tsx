import { type Answers, type InstrumentDefinition, isShown, type ScoredResponse } from '@carehub/core';
import { Alert, Badge, Group, List, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { pick, useLang } from '../../i18n';

export const SEVERITY_COLOR: Record<string, string> = { none: 'teal', low: 'yellow', moderate: 'orange', high: 'red', urgent: 'red' };

/** The needs the answers create, each named by the answer that created it ("No income"), with its code. */
function needsFound(definition: InstrumentDefinition, answers: Answers): Array<{ code: string; label: { th: string; en: string } }> {
  const found = new Map<string, { th: string; en: string }>();
  for (const item of definition.items) {
    const answer = answers[item.id];
    if (!item.needs || answer === undefined || answer === null || !isShown(item, answers)) continue;
    for (const key of (Array.isArray(answer) ? answer : [answer]).map(String)) {
      const code = item.needs[key];
      if (!code || found.has(code)) continue;
      const option = item.options?.find((o) => String(o.value) === key);
      found.set(code, option?.label ?? item.label);
    }
  }
  return [...found].map(([code, label]) => ({ code, label }));
}

/** Score, band, alerts and needs found, as the form is filled (live) and once it is signed. */
export function ResultPanel({
  definition,
  result,
  live,
  answers,
}: {
  definition: InstrumentDefinition;
  result: Pick<ScoredResponse, 'scores' | 'bands' | 'missing'> & { alerts: Array<Omit<ScoredResponse['alerts'][number], 'team'>>; incomplete?: string[] };
  live?: boolean;
  answers?: Answers;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const needs = answers ? needsFound(definition, answers) : [];
  const bandOf = (score: string) => result.bands.find((b) => b.score === score);
  return (
    <Paper withBorder p="sm" radius="md" role="status" aria-live="polite" aria-label={t('assess.result')}>
      <Stack gap={6}>
        {definition.scores.map((s) => {
          const band = bandOf(s.id);
          const bandDef = band && definition.bands.find((b) => b.score === s.id && b.code === band.code);
          return (
            <Group key={s.id} gap="xs" justify="space-between" wrap="nowrap">
              <Text size="sm">{pick(s.label, lang)}</Text>
              <Group gap={6} wrap="nowrap">
                <Text fw={700} data-score={s.id}>
                  {result.scores[s.id] ?? 0}/{s.max}
                </Text>
                {live && result.incomplete?.includes(s.id) && (
                  <Text size="xs" c="dimmed">
                    {t('assess.provisional')}
                  </Text>
                )}
                {bandDef && (
                  <Badge color={SEVERITY_COLOR[bandDef.severity] ?? 'gray'} data-band={band.code}>
                    {pick(bandDef.label, lang)}
                  </Badge>
                )}
              </Group>
            </Group>
          );
        })}
        {live && result.missing.length > 0 && (
          <Text size="xs" c="dimmed">
            {t('assess.unanswered', { count: result.missing.length })}
          </Text>
        )}
        {needs.length > 0 && (
          <div>
            <Text size="sm" fw={600}>
              {t('assess.needsFound')}
            </Text>
            <List size="sm">
              {needs.map((n) => (
                <List.Item key={n.code} data-need={n.code}>
                  {pick(n.label, lang)}{' '}
                  <Text span size="xs" c="dimmed">
                    ({n.code})
                  </Text>
                </List.Item>
              ))}
            </List>
          </div>
        )}
        {result.alerts.map((a) => (
          <Alert
            key={a.message.en}
            color={a.severity === 'urgent' ? 'red' : 'orange'}
            title={a.severity === 'urgent' ? t('assess.alertUrgent') : t('assess.alertWarning')}
          >
            {pick(a.message, lang)}
            {a.action === 'propose_referral' && (
              <Text size="sm" mt={4}>
                {t('assess.referralProposed')}
              </Text>
            )}
          </Alert>
        ))}
      </Stack>
    </Paper>
  );
}
