import { type DashboardArea, inScope } from '@carehub/core';
import { Breadcrumbs, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../components/links';
import { useLang } from '../../i18n';
import { areaDetailQuery } from './api';
import { areaChain } from './scope';

/**
 * Province → district → subdistrict → village of an area page (the dashboard, the indicators), each a
 * link to the same page for that area while it is in the user's scope, plain text above it.
 */
export function AreaBreadcrumbs({
  area,
  scopes,
  to,
  label,
  testId,
}: {
  area: DashboardArea;
  scopes: readonly string[];
  to: '/dashboard' | '/indicators';
  label: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const chain = areaChain(area.code);
  // Names of the areas above: the deepest one in the geography (a village's subdistrict) knows its ancestors.
  const deepest = chain.filter((c) => c.length <= 6 && c !== 'TH').pop();
  const detail = useQuery({ ...areaDetailQuery(deepest ?? ''), enabled: !!deepest });
  const names = new Map<string, string>();
  for (const a of [...(detail.data?.ancestors ?? []), ...(detail.data ? [detail.data] : [])]) names.set(a.code, lang === 'en' ? a.nameEn : a.nameTh);
  names.set(area.code, lang === 'en' ? area.nameEn : area.nameTh);
  const items = [...(scopes.includes('TH') && area.code !== 'TH' ? ['TH'] : []), ...chain];
  return (
    <nav aria-label={label}>
      <Breadcrumbs mb="xs" separatorMargin={6} style={{ flexWrap: 'wrap' }} data-testid={testId}>
        {items.map((code) =>
          code === area.code ? (
            <Text key={code} size="sm" fw={600} aria-current="page">
              {names.get(code) ?? code}
            </Text>
          ) : inScope(code, scopes) ? (
            <AnchorLink key={code} to={to} search={{ area: code }} size="sm">
              {code === 'TH' ? t('areas.country') : (names.get(code) ?? code)}
            </AnchorLink>
          ) : (
            <Text key={code} size="sm" c="dimmed">
              {names.get(code) ?? code}
            </Text>
          ),
        )}
      </Breadcrumbs>
    </nav>
  );
}
