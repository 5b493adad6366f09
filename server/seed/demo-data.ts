import { futureNeedCallbackAt } from '../../shared/calling/callbacks.ts';
import { nextInHours } from '../../shared/calling/calling-hours.ts';
import { wallClock, zonedToUtc } from '../../shared/calling/zones.ts';
import { emptyCriteria, newCallList } from '../../shared/calling/list-query.ts';
import { newProspect } from '../../shared/calling/prospect.ts';
import type { Callback, CallList, ExpectedNeed, Prospect, ProspectStatus } from '../../shared/core/types.ts';

export { demoScripts } from './demo-script.ts';

/** Deterministic demo data, so screenshots and tests see the same base every time. */

export const DEMO_PASSWORD = 'leadline-demo';

export const DEMO_USERS = [
  { username: 'operator1', name: 'Анна Смирнова', role: 'operator', team: 'Альфа' },
  { username: 'operator2', name: 'Игорь Петров', role: 'operator', team: 'Альфа' },
  { username: 'sales1', name: 'Ольга Кузнецова', role: 'sales' },
  { username: 'supervisor1', name: 'Дмитрий Волков', role: 'supervisor' },
  { username: 'admin', name: 'Светлана Орлова', role: 'admin' },
] as const;

export const REGIONS: { region: string; timeZone: string; code: string }[] = [
  { region: 'Москва', timeZone: 'Europe/Moscow', code: '495' },
  { region: 'Санкт-Петербург', timeZone: 'Europe/Moscow', code: '812' },
  { region: 'Калининградская область', timeZone: 'Europe/Kaliningrad', code: '401' },
  { region: 'Самарская область', timeZone: 'Europe/Samara', code: '846' },
  { region: 'Свердловская область', timeZone: 'Asia/Yekaterinburg', code: '343' },
  { region: 'Омская область', timeZone: 'Asia/Omsk', code: '381' },
  { region: 'Новосибирская область', timeZone: 'Asia/Novosibirsk', code: '383' },
  { region: 'Красноярский край', timeZone: 'Asia/Krasnoyarsk', code: '391' },
  { region: 'Иркутская область', timeZone: 'Asia/Irkutsk', code: '395' },
  { region: 'Республика Саха (Якутия)', timeZone: 'Asia/Yakutsk', code: '411' },
  { region: 'Приморский край', timeZone: 'Asia/Vladivostok', code: '423' },
  { region: 'Камчатский край', timeZone: 'Asia/Kamchatka', code: '415' },
];

const INDUSTRIES = [
  'Строительство',
  'Девелопмент',
  'Промышленность',
  'Энергетика',
  'Дорожное строительство',
  'Ремонт и реконструкция',
];
const FORMS = ['ООО', 'АО', 'ПАО', 'ООО', 'ЗАО'];
const ROOTS = [
  'СтройМонолит',
  'Бетонные Технологии',
  'ГорСтрой',
  'Уралстройинвест',
  'Сибирский Фундамент',
  'ДемонтажСервис',
  'Альфа-Ремонт',
  'Вектор',
  'Северный Бетон',
  'Прометей',
  'РемСтройГрупп',
  'Меридиан',
  'Каскад',
  'Техноблок',
  'Гранит',
  'Восток-Инжиниринг',
  'Арсенал',
  'Магистраль',
  'ЖБИ Комплект',
  'Новый Город',
  'Атлант',
  'Квадрат',
  'Опора',
  'Стройресурс',
  'Дальстрой',
  'Балтийская Реконструкция',
  'Волга-Монтаж',
  'ТрансМост',
  'Эталон',
  'Фортуна',
];
const MEN = ['Алексей', 'Сергей', 'Николай', 'Андрей', 'Павел'];
const WOMEN = ['Мария', 'Елена', 'Татьяна', 'Наталья', 'Ирина'];
const LAST = ['Иванов', 'Соколов', 'Попов', 'Лебедев', 'Козлов', 'Новиков', 'Морозов', 'Егоров', 'Павлов', 'Орлов'];

function person(rnd: () => number): string {
  const woman = rnd() < 0.5;
  return `${pick(rnd, woman ? WOMEN : MEN)} ${pick(rnd, LAST)}${woman ? 'а' : ''}`;
}
const POSITIONS = ['Генеральный директор', 'Главный инженер', 'Начальник снабжения', 'Прораб', 'Закупщик'];

/** A small PRNG (mulberry32) so the data is the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rnd: () => number, items: readonly T[]): T {
  return items[Math.floor(rnd() * items.length)] as T;
}

function digits(rnd: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(rnd() * 10);
  return s;
}

/** A 10-digit company INN with correct check digit. */
export function companyTaxId(body9: string): string {
  const w = [2, 4, 10, 3, 5, 9, 4, 6, 8];
  const sum = w.reduce((s, wi, i) => s + wi * Number(body9[i]), 0);
  return `${body9}${(sum % 11) % 10}`;
}

/** `owners`: operators who own the prospects already in work, so duplicate warnings name someone. */
const NEEDS = [
  'Алмазная резка проёмов',
  'Демонтаж перекрытий',
  'Усиление проёмов',
  'Резка железобетона',
  'Бурение отверстий',
];
const TRIGGERS = ['Тендер на реконструкцию', 'Разрешение на строительство', 'Начало сезона', 'Утверждение бюджета'];

/** A plausible expected need 1 to 9 months ahead, and when to call about it (14 days before). */
export function demoNeed(i: number, now: number, zone: string): { need: ExpectedNeed; callAt: number } {
  const d = new Date(now);
  const first = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1 + (i % 9), 1));
  const date = first.toISOString().slice(0, 10);
  return {
    need: {
      description: NEEDS[i % NEEDS.length] ?? '',
      date,
      precision: 'month',
      confidence: 30 + ((i * 7) % 60),
      trigger: TRIGGERS[i % TRIGGERS.length] ?? '',
    },
    callAt: futureNeedCallbackAt({ date }, zone, 14, now),
  };
}

export function demoProspects(count: number, now: number, seed = 42, owners: readonly string[] = []): Prospect[] {
  const rnd = random(seed);
  const statuses: ProspectStatus[] = ['new', 'new', 'new', 'in_work', 'future_need', 'not_interested'];
  const result: Prospect[] = [];
  for (let i = 0; i < count; i++) {
    const place = REGIONS[i % REGIONS.length] ?? REGIONS[0]!;
    const root = ROOTS[i % ROOTS.length] ?? 'Стройка';
    const suffix = i >= ROOTS.length ? ` ${place.region.split(' ')[0]} ${Math.floor(i / ROOTS.length)}` : '';
    const name = `${pick(rnd, FORMS)} «${root}${suffix}»`;
    const phone = `+7${place.code}${digits(rnd, 7)}`;
    const contactPhone = `+79${digits(rnd, 9)}`;
    const id = `demo-p-${String(i + 1).padStart(6, '0')}`;
    const status = pick(rnd, statuses);
    const expectedNeed = status === 'future_need' ? demoNeed(i, now, place.timeZone) : null;
    result.push(
      newProspect({
        id,
        createdAt: now - i * 60_000,
        name,
        phone,
        taxId: companyTaxId(`77${String(i).padStart(7, '0')}`),
        email: `info${i + 1}@example.ru`,
        contacts: [
          {
            id: `${id}-c1`,
            name: person(rnd),
            position: pick(rnd, POSITIONS),
            phone: contactPhone,
            phoneExt: '',
            email: '',
          },
        ],
        region: place.region,
        timeZone: place.timeZone,
        industry: pick(rnd, INDUSTRIES),
        source: 'market_research',
        sourceListId: 'demo-list-1',
        status,
        ...(expectedNeed ? { expectedNeed: expectedNeed.need } : {}),
        ownerId: status === 'in_work' || status === 'future_need' ? (owners[i % Math.max(1, owners.length)] ?? '') : '',
        createdBy: 'system',
        lastCallAt: expectedNeed ? now - (i % 20) * 86_400_000 : 0,
        nextCallAt: expectedNeed?.callAt ?? 0,
      }),
    );
  }
  return result;
}

export function demoCallList(now: number, assigneeIds: string[]): CallList {
  return newCallList({
    id: 'demo-list-1',
    createdAt: now,
    name: 'Строительные компании: маркетинговое исследование 2026',
    source: 'market_research',
    description: 'Construction companies from the 2026 market research',
    criteria: { ...emptyCriteria(), statuses: ['new'] },
    assigneeIds,
  });
}

/**
 * Callbacks that go with the demo base: one per future need (to its owner), and a few promised
 * callbacks for operator1 (one overdue, one later today, one tomorrow) so the views have content.
 * Tomorrow's was asked for 07:30 the prospect's time and moved to the start of the calling hours, as
 * the desk does; a supervisor may allow the asked time.
 */
const DEMO_HOURS = { from: '09:00', to: '20:00', weekdays: [1, 2, 3, 4, 5] };

export function demoCallbacks(prospects: readonly Prospect[], now: number, operator1: string): Callback[] {
  const base = {
    createdAt: now,
    updatedAt: now,
    done: false,
    doneAt: 0,
    scope: 'personal' as const,
    outsideHoursAllowedAt: 0,
  };
  const future = prospects
    .filter((p) => p.status === 'future_need' && p.nextCallAt > 0)
    .map((p, i) => ({
      ...base,
      id: `demo-cb-f${i + 1}`,
      prospectId: p.id,
      dueAt: p.nextCallAt,
      askedFor: p.nextCallAt,
      timeZone: p.timeZone,
      reason: 'future_need' as const,
      assigneeId: p.ownerId || operator1,
      createdBy: p.ownerId || operator1,
      note: p.expectedNeed.description,
    }));
  const fresh = prospects.filter((p) => p.status === 'new').slice(0, 3);
  const promised = fresh.map((p, i) => {
    let asked = now + [-30, 120, 24 * 60][i]! * 60_000;
    if (i === 2) {
      const day = wallClock(asked, p.timeZone);
      asked = zonedToUtc({ year: day.year, month: day.month, day: day.day }, { hour: 7, minute: 30 }, p.timeZone);
    }
    return {
      ...base,
      id: `demo-cb-r${i + 1}`,
      prospectId: p.id,
      // Promised inside the prospect's calling hours, as the desk would have set them.
      dueAt: nextInHours(asked, p.timeZone, DEMO_HOURS),
      askedFor: asked,
      timeZone: p.timeZone,
      reason: 'requested' as const,
      assigneeId: operator1,
      createdBy: operator1,
      note: '',
    };
  });
  return [...future, ...promised];
}
