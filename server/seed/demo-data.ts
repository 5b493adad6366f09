import { nameKey } from '../../shared/search.ts';
import type { CallList, Prospect, ProspectStatus, Script } from '../../shared/types.ts';

/** Deterministic demo data, so screenshots and tests see the same base every time. */

export const DEMO_PASSWORD = 'leadline-demo';

export const DEMO_USERS = [
  { username: 'operator1', name: 'Анна Смирнова', role: 'operator' },
  { username: 'operator2', name: 'Игорь Петров', role: 'operator' },
  { username: 'sales1', name: 'Ольга Кузнецова', role: 'sales' },
  { username: 'supervisor1', name: 'Дмитрий Волков', role: 'supervisor' },
  { username: 'admin', name: 'Administrator', role: 'admin' },
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
    result.push({
      id,
      createdAt: now - i * 60_000,
      updatedAt: now - i * 60_000,
      kind: 'company',
      name,
      nameKey: nameKey(name),
      phone,
      phoneKey: phone.slice(1),
      taxId: companyTaxId(`77${String(i).padStart(7, '0')}`),
      email: `info${i + 1}@example.ru`,
      website: '',
      contacts: [
        {
          id: `${id}-c1`,
          name: person(rnd),
          position: pick(rnd, POSITIONS),
          phone: contactPhone,
          email: '',
        },
      ],
      region: place.region,
      timeZone: place.timeZone,
      industry: pick(rnd, INDUSTRIES),
      source: 'market_research',
      sourceListId: 'demo-list-1',
      status,
      expectedNeed: { description: '', period: '', confidence: 0 },
      ownerId: status === 'in_work' || status === 'future_need' ? (owners[i % Math.max(1, owners.length)] ?? '') : '',
      createdBy: 'system',
      attempts: 0,
      nextCallAt: 0,
      notes: '',
    });
  }
  return result;
}

export function demoCallList(now: number, assigneeIds: string[]): CallList {
  return {
    id: 'demo-list-1',
    createdAt: now,
    updatedAt: now,
    name: 'Строительные компании: маркетинговое исследование 2026',
    source: 'market_research',
    description: 'Construction companies from the 2026 market research',
    criteria: { regions: [], industries: [], statuses: ['new'] },
    assigneeIds,
    priority: 50,
    callWindow: { from: '09:00', to: '19:00' },
    retry: { maxAttempts: 5, delayMinutes: 120 },
    active: true,
  };
}

export function demoScripts(now: number): Script[] {
  const base = {
    scriptId: 'demo-script-intro',
    version: 1,
    status: 'published' as const,
    createdAt: now,
    updatedAt: now,
    startNodeId: 'greet',
  };
  return [
    {
      ...base,
      id: 'demo-script-intro-v1-ru',
      name: 'Знакомство и выявление потребности',
      language: 'ru',
      nodes: [
        {
          id: 'greet',
          kind: 'say',
          field: '',
          text: 'Здравствуйте! Меня зовут {operator}, компания «Алмазная резка». Мы не продаём — хотим рассказать о наших услугах и узнать, есть ли у вас задачи по резке бетона или демонтажу.',
          options: [
            { id: 'ok', label: 'Готов(а) слушать', next: 'need' },
            { id: 'busy', label: 'Неудобно говорить', next: 'end-callback' },
          ],
        },
        {
          id: 'need',
          kind: 'ask',
          field: 'need',
          text: 'Планируете ли вы в ближайшее время работы по резке бетона, демонтажу или усилению проёмов?',
          options: [
            { id: 'now', label: 'Да, сейчас', next: 'end-request' },
            { id: 'later', label: 'Позже', next: 'when' },
            { id: 'no', label: 'Нет', next: 'end-no' },
          ],
        },
        {
          id: 'when',
          kind: 'ask',
          field: 'expectedNeed.period',
          text: 'Когда, по вашей оценке, появится такая задача?',
          options: [{ id: 'next', label: 'Записать срок', next: 'end-future' }],
        },
        {
          id: 'end-request',
          kind: 'end',
          field: '',
          text: 'Спасибо! Передаю заявку в отдел продаж — с вами свяжутся.',
          options: [],
        },
        {
          id: 'end-future',
          kind: 'end',
          field: '',
          text: 'Спасибо! Мы позвоним вам ближе к этому сроку.',
          options: [],
        },
        { id: 'end-callback', kind: 'end', field: '', text: 'Когда вам удобно, чтобы мы перезвонили?', options: [] },
        { id: 'end-no', kind: 'end', field: '', text: 'Спасибо за уделённое время! Хорошего дня.', options: [] },
      ],
    },
    {
      ...base,
      id: 'demo-script-intro-v1-en',
      name: 'Introduction and needs discovery',
      language: 'en',
      nodes: [
        {
          id: 'greet',
          kind: 'say',
          field: '',
          text: 'Hello! My name is {operator}, from Diamond Cutting. We are not selling: we would like to tell you about our services and learn whether you have concrete cutting or demolition work ahead.',
          options: [
            { id: 'ok', label: 'Willing to listen', next: 'need' },
            { id: 'busy', label: 'Busy now', next: 'end-callback' },
          ],
        },
        {
          id: 'need',
          kind: 'ask',
          field: 'need',
          text: 'Are you planning concrete cutting, demolition or opening reinforcement soon?',
          options: [
            { id: 'now', label: 'Yes, now', next: 'end-request' },
            { id: 'later', label: 'Later', next: 'when' },
            { id: 'no', label: 'No', next: 'end-no' },
          ],
        },
        {
          id: 'when',
          kind: 'ask',
          field: 'expectedNeed.period',
          text: 'When do you expect such work to come up?',
          options: [{ id: 'next', label: 'Record the period', next: 'end-future' }],
        },
        {
          id: 'end-request',
          kind: 'end',
          field: '',
          text: 'Thank you! I am passing your request to our sales team; they will contact you.',
          options: [],
        },
        {
          id: 'end-future',
          kind: 'end',
          field: '',
          text: 'Thank you! We will call you closer to that time.',
          options: [],
        },
        {
          id: 'end-callback',
          kind: 'end',
          field: '',
          text: 'When would be a good time to call you back?',
          options: [],
        },
        { id: 'end-no', kind: 'end', field: '', text: 'Thank you for your time! Have a good day.', options: [] },
      ],
    },
  ];
}
