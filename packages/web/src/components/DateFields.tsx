import '@mantine/dates/styles.css';

import type { Locale } from '@carehub/core';
import { DateInput, DateTimePicker, MonthPickerInput } from '@mantine/dates';
import { useMediaQuery } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { parseThaiDate } from '../features/persons/PartialDate';
import { useLang } from '../i18n';
import { beDateLabel, beDateTimeLabel, beDecadeLabel, beMonthLabel, beYearLabel, dayjsLocale } from './thaiDates';

/**
 * Date, date-time and month fields with a calendar in the Buddhist era, in place of the browser's own
 * date inputs (which show the Christian era in the phone's format). Values stay ISO: `YYYY-MM-DD`,
 * `YYYY-MM-DDTHH:mm` (wall-clock) and `YYYY-MM`; what the field shows is what formatDate,
 * formatDateTime and formatMonth show everywhere else.
 */

interface FieldProps {
  label: string;
  required?: boolean;
  error?: ReactNode;
  description?: ReactNode;
  disabled?: boolean;
  w?: number | string;
}

/** What every calendar shares: the language, Buddhist-era headings and year lists, labelled controls. */
function useCalendarProps() {
  const { t } = useTranslation();
  const lang: Locale = useLang();
  return {
    locale: dayjsLocale(lang),
    monthLabelFormat: (d: string) => beMonthLabel(d, lang),
    yearLabelFormat: (d: string) => beYearLabel(d),
    decadeLabelFormat: (start: string, end: string) => beDecadeLabel(start, end),
    yearsListFormat: (d: string) => beYearLabel(d),
    monthsListFormat: 'MMM',
    ariaLabels: {
      nextMonth: t('dates.nextMonth'),
      previousMonth: t('dates.previousMonth'),
      nextYear: t('dates.nextYear'),
      previousYear: t('dates.previousYear'),
      nextDecade: t('dates.nextDecade'),
      previousDecade: t('dates.previousDecade'),
      monthLevelControl: t('dates.chooseMonth'),
      yearLevelControl: t('dates.chooseYear'),
    },
  };
}

/** On a phone the calendar opens as a modal that fits the screen; elsewhere as a dropdown under the field. */
function useDropdownType(): 'modal' | 'popover' {
  return useMediaQuery('(max-width: 36em)') ? 'modal' : 'popover';
}

interface DateFieldProps extends FieldProps {
  /** ISO `YYYY-MM-DD`, or '' when empty. */
  value: string;
  onChange: (iso: string) => void;
  /** ISO `YYYY-MM-DD` bounds. */
  minDate?: string;
  maxDate?: string;
}

/**
 * A day: typed as Thai users write it (20/11/2569, Buddhist era; a Christian-era year works too) or
 * picked from the calendar; shown as "20 พ.ย. 2569" once left.
 */
export function DateField({ value, onChange, minDate, maxDate, required, ...rest }: DateFieldProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const calendar = useCalendarProps();
  return (
    <DateInput
      {...rest}
      {...calendar}
      required={required}
      value={value || null}
      onChange={(v) => onChange(v ? String(v).slice(0, 10) : '')}
      dateParser={(text) => parseThaiDate(text.trim())}
      valueFormat={(d) => beDateLabel(d, lang)}
      placeholder={t('dates.placeholder')}
      minDate={minDate || undefined}
      maxDate={maxDate || undefined}
      clearable={!required}
      clearButtonProps={{ 'aria-label': t('common.clear') }}
      inputMode="numeric"
      autoComplete="off"
      popoverProps={{ withinPortal: true }}
    />
  );
}

interface DateTimeFieldProps extends FieldProps {
  /** Wall-clock `YYYY-MM-DDTHH:mm`. */
  value: string;
  onChange: (local: string) => void;
  maxDate?: string;
}

/** A day and a time: the calendar with the hour and minute under it, shown as "7 ธ.ค. 2569 10:56". */
export function DateTimeField({ value, onChange, maxDate, ...rest }: DateTimeFieldProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const calendar = useCalendarProps();
  const dropdownType = useDropdownType();
  return (
    <DateTimePicker
      {...rest}
      {...calendar}
      value={value ? `${value.slice(0, 10)} ${value.slice(11, 16)}:00` : null}
      onChange={(v) => v && onChange(`${String(v).slice(0, 10)}T${String(v).slice(11, 16)}`)}
      valueFormat={(d) => beDateTimeLabel(d, lang)}
      maxDate={maxDate}
      dropdownType={dropdownType}
      modalProps={{ title: rest.label, centered: true }}
      timePickerProps={{ hoursInputLabel: t('dates.hours'), minutesInputLabel: t('dates.minutes'), format: '24h' }}
      submitButtonProps={{ 'aria-label': t('dates.done') }}
    />
  );
}

interface MonthFieldProps extends FieldProps {
  /** `YYYY-MM`. */
  value: string;
  onChange: (month: string) => void;
}

/** A month, shown as "ธันวาคม 2569" / "December 2569 BE". */
export function MonthField({ value, onChange, ...rest }: MonthFieldProps) {
  const lang = useLang();
  const calendar = useCalendarProps();
  const dropdownType = useDropdownType();
  return (
    <MonthPickerInput
      {...rest}
      locale={calendar.locale}
      yearLabelFormat={calendar.yearLabelFormat}
      decadeLabelFormat={calendar.decadeLabelFormat}
      yearsListFormat={calendar.yearsListFormat}
      monthsListFormat={calendar.monthsListFormat}
      ariaLabels={calendar.ariaLabels}
      value={value ? `${value}-01` : null}
      onChange={(v) => v && onChange(String(v).slice(0, 7))}
      valueFormatter={({ date }) => (typeof date === 'string' ? beMonthLabel(date, lang) : '')}
      dropdownType={dropdownType}
      modalProps={{ title: rest.label, centered: true }}
    />
  );
}
