import { formatDateTime, ORGANISATION_TYPE_LABELS, ROLE_LABELS } from '@carehub/core';
import { Card, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { pick, useLang } from '../../i18n';
import { usePickedArea } from '../areas/AreaContext';
import { AreaName } from '../areas/AreaName';
import { AreaPicker } from '../areas/AreaPicker';
import { useMe } from '../auth/api';

export function HomePage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const { code, setCode } = usePickedArea();

  return (
    <>
      <PageHeader title={t('home.welcome', { name: me.displayName })} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Card withBorder radius="md" padding="md" component="section" aria-labelledby="home-account">
          <Title order={2} size="h4" id="home-account" mb="sm">
            {me.displayName}
          </Title>
          <Stack gap="xs">
            <Group gap="xs" wrap="nowrap" align="baseline">
              <Text size="sm" c="dimmed" miw={90}>
                {t('home.role')}
              </Text>
              <Text size="sm">{pick(ROLE_LABELS[me.role], lang)}</Text>
            </Group>
            <Group gap="xs" wrap="nowrap" align="baseline">
              <Text size="sm" c="dimmed" miw={90}>
                {t('home.organisation')}
              </Text>
              <Text size="sm" style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
                {me.organisation.name}{' '}
                <Text span size="xs" c="dimmed">
                  ({pick(ORGANISATION_TYPE_LABELS[me.organisation.type], lang)})
                </Text>
              </Text>
            </Group>
            <div>
              <Text size="sm" c="dimmed">
                {t('home.scopes')}
              </Text>
              <List size="sm" spacing={2}>
                {me.scopes.map((s) => (
                  <List.Item key={s}>
                    <AreaName code={s} />
                  </List.Item>
                ))}
              </List>
            </div>
            <Text size="xs" c="dimmed">
              {t('home.sessionExpires', { at: formatDateTime(me.sessionExpiresAt, lang) })}
            </Text>
          </Stack>
        </Card>
        <Card withBorder radius="md" padding="md" component="section" aria-labelledby="home-area">
          <Title order={2} size="h4" id="home-area" mb="sm">
            {t('home.workingArea')}
          </Title>
          <AreaPicker label={t('areas.picker')} description={t('home.workingAreaHelp')} value={code} onChange={setCode} scopes={me.scopes} />
        </Card>
      </SimpleGrid>
    </>
  );
}
