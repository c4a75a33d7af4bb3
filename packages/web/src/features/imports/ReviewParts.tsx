import { formatDateTime } from '@carehub/core';
import { Badge, Button, Group, Table, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../i18n';
import { AreaName } from '../areas/AreaName';
import { formatPartialDate } from '../persons/PartialDate';
import { type ReviewDecision, type ReviewEvidence, type ReviewPerson, splitRecord } from './api';
import classes from './ReviewPage.module.css';
import { EVIDENCE_FIELDS, type EvidenceField, type EvidenceMark, evidenceMark } from './review';
import type { RowOrigin } from './reviewApi';

const MARK_COLORS: Record<EvidenceMark, string> = { agree: 'teal', close: 'yellow', differs: 'red', missing: 'gray' };

/** "แฟ้ม ผู้สูงอายุ.xlsx แถวที่ 4 · นำเข้าเมื่อ 23 พ.ย. 2569 14:47": where a row came from. */
export function Origin({ origin }: { origin: RowOrigin }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }} data-origin data-row-number={origin.rowNumber}>
      {t('importReview.origin', { file: origin.batch.fileName, row: origin.rowNumber, at: formatDateTime(origin.batch.importedAt, lang) })}
    </Text>
  );
}

/** "แถวที่ 1–20 จาก 345": the rows shown of all there are. */
export function Range({ offset, shown, total }: { offset: number; shown: number; total: number }) {
  const { t } = useTranslation();
  return (
    <Text size="sm" c="dimmed" data-range>
      {t('importReview.range', { from: shown ? offset + 1 : 0, to: offset + shown, total: Math.max(total, offset + shown) })}
    </Text>
  );
}

/** The page's range and the buttons to the previous and next pages (none when everything fits on one page). */
export function ListPager({
  offset,
  shown,
  total,
  pageSize,
  onChange,
  label,
}: {
  offset: number;
  shown: number;
  total: number;
  pageSize: number;
  onChange: (offset: number) => void;
  /** The list's name, for the navigation landmark. */
  label: string;
}) {
  const { t } = useTranslation();
  if (offset === 0 && total <= pageSize) return null;
  return (
    <Group component="nav" aria-label={label} justify="space-between" gap="sm" mt="md" wrap="wrap" data-pager>
      <Range offset={offset} shown={shown} total={total} />
      <Group gap="xs">
        <Button variant="default" size="sm" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - pageSize))}>
          {t('common.previousPage')}
        </Button>
        <Button variant="default" size="sm" disabled={offset + pageSize >= total} onClick={() => onChange(offset + pageSize)}>
          {t('common.nextPage')}
        </Button>
      </Group>
    </Group>
  );
}

/**
 * A row and a registry person field by field. With the pair's evidence (how far each field agreed when
 * it was scored), each field is marked; without, the values stand side by side. National IDs come
 * masked from the server.
 */
export function Comparison({ row, person, evidence }: { row: ReviewPerson; person: ReviewPerson & { name: string }; evidence: ReviewEvidence | null }) {
  const { t } = useTranslation();
  const lang = useLang();
  const value = (field: EvidenceField | 'cid', p: ReviewPerson): ReactNode => {
    switch (field) {
      case 'name':
        return p.name || t('common.none');
      case 'birth_date':
        return p.birthDate ? formatPartialDate(p.birthDate, lang) : t('common.none');
      case 'sex':
        return t(`persons.sexes.${p.sex}`);
      case 'area':
        return <AreaName code={p.areaCode} />;
      case 'cid':
        return p.cid ?? t('common.none');
    }
  };
  const cell = (label: string, content: ReactNode) => (
    <Table.Td>
      <span className={classes.label} aria-hidden>
        {label}
      </span>
      {content}
    </Table.Td>
  );
  const notCompared = (
    <Text span size="sm" c="dimmed">
      {t('importReview.notCompared')}
    </Text>
  );
  return (
    <Table className={classes.compare} verticalSpacing={6} aria-label={t('importReview.compare', { name: person.name })} data-compare>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('importReview.field')}</Table.Th>
          <Table.Th scope="col">{t('importReview.inFile')}</Table.Th>
          <Table.Th scope="col">{t('importReview.inRegistry')}</Table.Th>
          <Table.Th scope="col">{t('importReview.result')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {EVIDENCE_FIELDS.map((field) => {
          const mark = evidence ? evidenceMark(field, evidence[field], field === 'area' && !!row.areaCode && row.areaCode === person.areaCode) : undefined;
          return (
            <Table.Tr key={field} data-field={field} data-mark={mark}>
              <Table.Th scope="row">{t(`importReview.fields.${field}`)}</Table.Th>
              {cell(t('importReview.inFile'), value(field, row))}
              {cell(t('importReview.inRegistry'), value(field, person))}
              {cell(
                t('importReview.result'),
                mark ? (
                  <Badge variant="light" color={MARK_COLORS[mark]} data-mark-badge>
                    {t(`importReview.marks.${mark}`)}
                  </Badge>
                ) : (
                  notCompared
                ),
              )}
            </Table.Tr>
          );
        })}
        <Table.Tr data-field="cid">
          <Table.Th scope="row">{t('importReview.fields.cid')}</Table.Th>
          {cell(t('importReview.inFile'), value('cid', row))}
          {cell(t('importReview.inRegistry'), value('cid', person))}
          {cell(t('importReview.result'), notCompared)}
        </Table.Tr>
      </Table.Tbody>
    </Table>
  );
}

/** Undoing a wrong link behind a confirmation: whether the dialog is open, and the split itself (which closes it). */
export function useSplit(recordId: string, onSplit: (d: ReviewDecision) => void, onError: (e: unknown) => void) {
  const [confirming, setConfirming] = useState(false);
  const undo = useMutation({
    mutationFn: () => splitRecord(recordId),
    onSuccess: (d) => {
      setConfirming(false);
      onSplit(d);
    },
    onError: (e) => {
      setConfirming(false);
      onError(e);
    },
  });
  return { confirming, setConfirming, undo };
}
