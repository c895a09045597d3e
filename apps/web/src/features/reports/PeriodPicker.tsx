import '@mantine/dates/styles.css';
import 'dayjs/locale/id';
import 'dayjs/locale/en-gb';
import { Select } from '@mantine/core';
import { DatePickerInput, DatesProvider } from '@mantine/dates';
import { IconCalendar } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isRangePreset, presetRange, RANGE_PRESETS } from './period';
import type { DateRange, RangePreset } from './period';
import { datesLocale } from '@/i18n/locales';

export interface PeriodPickerProps {
  preset: RangePreset;
  range: DateRange;
  /** Today in the report time zone: the presets are counted from it. */
  today: string;
  onChange: (preset: RangePreset, range: DateRange) => void;
}

/** A preset (today … this quarter) or any custom range of days, in the organisation's time zone. */
export function PeriodPicker({ preset, range, today, onChange }: PeriodPickerProps) {
  const { t, i18n } = useTranslation();
  // While a custom range is half chosen (start picked, end not yet), it lives here only.
  const [draft, setDraft] = useState<[string | null, string | null] | null>(null);
  return (
    <DatesProvider settings={{ locale: datesLocale(i18n.language), firstDayOfWeek: 1 }}>
      <Select
        label={t('reports.period.label')}
        data={RANGE_PRESETS.map((p) => ({ value: p, label: t(`reports.period.presets.${p}`) }))}
        value={preset}
        allowDeselect={false}
        onChange={(value) => {
          if (!isRangePreset(value)) return;
          if (value === 'custom') onChange('custom', range);
          else onChange(value, presetRange(value, today));
        }}
        w={{ base: '100%', xs: 190 }}
        comboboxProps={{ withinPortal: true }}
      />
      <DatePickerInput
        type="range"
        label={t('reports.period.range')}
        leftSection={<IconCalendar size={16} />}
        value={draft ?? [range.from, range.to]}
        valueFormat="D MMM YYYY"
        maxDate={today}
        allowSingleDateInRange
        onChange={(value) => {
          const [from, to] = value;
          if (from && to) {
            setDraft(null);
            onChange('custom', { from: String(from).slice(0, 10), to: String(to).slice(0, 10) });
          } else {
            setDraft([from ? String(from).slice(0, 10) : null, null]);
          }
        }}
        onDropdownClose={() => setDraft(null)}
        w={{ base: '100%', xs: 260 }}
      />
    </DatesProvider>
  );
}
