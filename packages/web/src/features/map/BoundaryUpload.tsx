import { Alert, Button, FileInput, Group, Modal, Select, Stack, Table, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, upload } from '../../api';
import { useLang } from '../../i18n';
import type { BoundaryReport } from './api';

/** The feature properties of a GeoJSON text, most frequent first, and the one whose values look most like DOPA geocodes. */
export function readProperties(text: string): { properties: string[]; guess: string | null } | null {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return null;
  }
  const features = (doc as { features?: unknown })?.features;
  if (!Array.isArray(features)) return null;
  const count = new Map<string, number>();
  const codeLike = new Map<string, number>();
  for (const f of features.slice(0, 2000)) {
    const props = (f as { properties?: Record<string, unknown> })?.properties ?? {};
    for (const [k, v] of Object.entries(props)) {
      count.set(k, (count.get(k) ?? 0) + 1);
      if (/^(TH)?(\d{2}|\d{4}|\d{6}|\d{8})$/i.test(String(v).trim())) codeLike.set(k, (codeLike.get(k) ?? 0) + 1);
    }
  }
  const properties = [...count].sort((a, b) => b[1] - a[1]).map(([k]) => k);
  const guess = [...codeLike].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  return { properties, guess };
}

/**
 * An admin uploads area boundaries (GeoJSON) for the map: picks the file and the property holding
 * each feature's area code, checks the match first if they like, then stores it; the report lists
 * every feature that matched no area in their scope, with the reason.
 */
export default function BoundaryUpload({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [properties, setProperties] = useState<string[]>([]);
  const [property, setProperty] = useState<string | null>(null);
  const [readError, setReadError] = useState(false);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<BoundaryReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const choose = async (f: File | null) => {
    setFile(f);
    setReport(null);
    setError(null);
    setProperties([]);
    setProperty(null);
    setReadError(false);
    if (!f) return;
    const read = readProperties(await f.text());
    if (!read) {
      setReadError(true);
      return;
    }
    setProperties(read.properties);
    setProperty(read.guess ?? read.properties[0] ?? null);
  };

  const send = async (dryRun: boolean) => {
    if (!file || !property) return;
    setBusy(true);
    setError(null);
    try {
      const r = await upload<BoundaryReport>('/api/map/boundaries', { property, fileName: file.name, dryRun: String(dryRun) }, file);
      setReport(r);
      if (!dryRun) await queryClient.invalidateQueries({ queryKey: ['map', 'boundaries'] });
    } catch (e) {
      setError(
        e instanceof ApiError ? [e.text(lang), ...e.fields.map((x) => (lang === 'en' ? x.message_en : x.message_th))].join(' ') : t('common.unexpectedError'),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('mapView.upload.title')} size="lg">
      <Stack gap="sm">
        <Text size="sm">{t('mapView.upload.intro')}</Text>
        <FileInput
          label={t('mapView.upload.file')}
          description={t('mapView.upload.fileHint')}
          accept=".geojson,.json,application/geo+json,application/json"
          value={file}
          onChange={choose}
          clearable
          error={readError ? t('mapView.upload.notGeojson') : undefined}
        />
        {properties.length > 0 && (
          <Select
            label={t('mapView.upload.property')}
            description={t('mapView.upload.propertyHint')}
            data={properties}
            value={property}
            onChange={setProperty}
            allowDeselect={false}
          />
        )}
        <Group>
          <Button variant="light" disabled={!file || !property || busy} onClick={() => send(true)}>
            {t('mapView.upload.check')}
          </Button>
          <Button disabled={!file || !property || busy} loading={busy} onClick={() => send(false)}>
            {t('mapView.upload.save')}
          </Button>
        </Group>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        {report && <Report report={report} />}
      </Stack>
    </Modal>
  );
}

function Report({ report }: { report: BoundaryReport }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" role="status" data-testid="map-upload-report">
      <Alert color={report.unmatchedCount ? 'yellow' : 'teal'}>
        {t(report.dryRun ? 'mapView.upload.checked' : 'mapView.upload.saved', {
          matched: report.matched,
          features: report.features,
          subdistricts: report.byLevel.subdistrict,
          villages: report.byLevel.village,
          others: report.byLevel.province + report.byLevel.district,
          unmatched: report.unmatchedCount,
        })}
      </Alert>
      {report.unmatched.length > 0 && (
        <Table.ScrollContainer minWidth={320}>
          <Table striped withTableBorder fz="sm" data-testid="map-upload-unmatched">
            <Table.Caption>{t('mapView.upload.unmatchedCaption', { count: report.unmatchedCount })}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('mapView.upload.feature')}</Table.Th>
                <Table.Th scope="col">{t('mapView.upload.value')}</Table.Th>
                <Table.Th scope="col">{t('mapView.upload.reason')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.unmatched.map((u) => (
                <Table.Tr key={u.index}>
                  <Table.Td>
                    {u.index + 1}
                    {u.name ? ` · ${u.name}` : ''}
                  </Table.Td>
                  <Table.Td>{u.value ?? '—'}</Table.Td>
                  <Table.Td>{t(`mapView.upload.reasons.${u.reason}`)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
