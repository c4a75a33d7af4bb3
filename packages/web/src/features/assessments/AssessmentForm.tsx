import { type Answer, type Answers, type InstrumentDefinition, type Item, isShown } from '@carehub/core';
import { Badge, Checkbox, FileInput, Group, Image, NumberInput, Paper, Radio, Stack, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField } from '../../components/DateFields';
import { pick, useLang } from '../../i18n';
import { shrinkPhoto } from './photo';

interface FormProps {
  definition: InstrumentDefinition;
  answers: Answers;
  onChange?: (answers: Answers) => void;
  /** Items to point out (unanswered when signing was tried). */
  highlight?: string[];
}

/**
 * Any instrument, drawn from its definition: one question per card, skip logic applied as the user
 * answers, large touch targets for a phone. Home visits reuse it as it is.
 */
export function AssessmentForm({ definition, answers, onChange, highlight = [] }: FormProps) {
  const readOnly = !onChange;
  const shown = definition.items.filter((i) => isShown(i, answers));
  const set = (id: string, value: Answer) => {
    if (!onChange) return;
    const next: Answers = { ...answers, [id]: value };
    // An answer to a question that skip logic now hides no longer counts: drop it.
    for (const item of definition.items) if (!isShown(item, next)) delete next[item.id];
    onChange(next);
  };
  return (
    <Stack gap="sm">
      {shown.map((item, n) => (
        <Paper
          key={item.id}
          withBorder
          p="sm"
          radius="md"
          data-item={item.id}
          style={highlight.includes(item.id) ? { borderColor: 'var(--mantine-color-red-6)' } : undefined}
        >
          <ItemInput
            item={item}
            index={n + 1}
            value={answers[item.id] ?? null}
            onChange={(v) => set(item.id, v)}
            readOnly={readOnly}
            missing={highlight.includes(item.id)}
          />
        </Paper>
      ))}
    </Stack>
  );
}

function ItemInput({
  item,
  index,
  value,
  onChange,
  readOnly,
  missing,
}: {
  item: Item;
  index: number;
  value: Answer;
  onChange: (v: Answer) => void;
  readOnly: boolean;
  missing: boolean;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const label = `${index}. ${pick(item.label, lang)}`;
  // The question's time frame ("in the past month, including today") is part of what is asked.
  const description = [item.timeFrame && pick(item.timeFrame, lang), item.help && pick(item.help, lang)].filter(Boolean).join(' · ') || undefined;
  const error = missing ? t('assess.answerThis') : undefined;
  const common = { label, description, error, required: item.required, disabled: readOnly };
  const optionLabel = (o: { label: { th: string; en: string }; score?: number }) => (
    <Group gap={6} wrap="nowrap" component="span">
      <span>{pick(o.label, lang)}</span>
      {o.score !== undefined && (
        <Badge size="sm" variant="light" color="gray" component="span">
          {o.score}
        </Badge>
      )}
    </Group>
  );

  switch (item.type) {
    case 'single': {
      const options = item.options ?? [];
      return (
        <Radio.Group
          {...common}
          value={value === null ? null : String(value)}
          onChange={(v) => onChange(options.find((o) => String(o.value) === v)?.value ?? null)}
        >
          <Stack gap={8} mt={6}>
            {options.map((o) => (
              <Radio key={String(o.value)} value={String(o.value)} label={optionLabel(o)} disabled={readOnly} />
            ))}
          </Stack>
        </Radio.Group>
      );
    }
    case 'multiple': {
      const options = item.options ?? [];
      const selected = Array.isArray(value) ? value.map(String) : [];
      return (
        <Checkbox.Group {...common} value={selected} onChange={(vs) => onChange(options.filter((o) => vs.includes(String(o.value))).map((o) => o.value))}>
          <Stack gap={8} mt={6}>
            {options.map((o) => (
              <Checkbox key={String(o.value)} value={String(o.value)} label={optionLabel(o)} disabled={readOnly} />
            ))}
          </Stack>
        </Checkbox.Group>
      );
    }
    case 'yesno':
      return (
        <Radio.Group {...common} value={value === null ? null : value ? 'yes' : 'no'} onChange={(v) => onChange(v === 'yes')}>
          <Group gap="xl" mt={6}>
            <Radio value="yes" label={t('assess.yes')} disabled={readOnly} />
            <Radio value="no" label={t('assess.no')} disabled={readOnly} />
          </Group>
        </Radio.Group>
      );
    case 'number':
      return (
        <NumberInput
          {...common}
          value={typeof value === 'number' ? value : ''}
          min={item.min}
          max={item.max}
          clampBehavior="strict"
          inputMode="decimal"
          onChange={(v) => onChange(typeof v === 'number' ? v : null)}
        />
      );
    case 'text':
      return (
        <Textarea {...common} autosize minRows={2} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.currentTarget.value || null)} />
      );
    case 'date':
      return <DateAnswer {...common} value={typeof value === 'string' ? value : null} onChange={onChange} />;
    case 'photo':
      return <PhotoAnswer {...common} value={typeof value === 'string' ? value : null} onChange={onChange} />;
  }
}

/** What the date and photo inputs share: a text value and the item's field props. */
interface TextAnswerProps {
  value: string | null;
  onChange: (v: Answer) => void;
  label: string;
  description?: string;
  error?: string;
  required: boolean;
  disabled: boolean;
}

/** A day typed as Thai users write it (5/3/2567, Buddhist era) or picked from the calendar, kept as an ISO date. */
function DateAnswer({ value, onChange, ...common }: TextAnswerProps) {
  return <DateField {...common} value={value ?? ''} onChange={(iso) => onChange(iso || null)} />;
}

/** A photo, shrunk on the phone to at most 1024 px before it is kept, so it travels on a poor line. */
function PhotoAnswer({ value, onChange, ...common }: TextAnswerProps) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <Stack gap={6}>
      <FileInput
        {...common}
        accept="image/jpeg,image/png,image/webp"
        capture="environment"
        clearable
        placeholder={t('assess.photoPick')}
        error={problem ?? common.error}
        onChange={async (file) => {
          setProblem(null);
          if (!file) return onChange(null);
          try {
            onChange(await shrinkPhoto(file));
          } catch {
            setProblem(t('assess.photoInvalid'));
          }
        }}
      />
      {value && <Image src={value} alt={common.label} maw={240} radius="sm" />}
    </Stack>
  );
}

/** The number of items a respondent is asked, given the answers so far. */
export function shownCount(definition: InstrumentDefinition, answers: Answers): { shown: number; answered: number } {
  const shown = definition.items.filter((i) => isShown(i, answers));
  return { shown: shown.length, answered: shown.filter((i) => answers[i.id] !== undefined && answers[i.id] !== null).length };
}
