import { futureNeedCallbackAt } from '../../shared/callbacks.ts';
import { emptyCriteria } from '../../shared/list-query.ts';
import { nameKey } from '../../shared/search.ts';
import type {
  Callback,
  CallList,
  ExpectedNeed,
  Prospect,
  ProspectStatus,
  Script,
  ScriptNode,
} from '../../shared/types.ts';

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
const NEEDS = [
  'Алмазная резка проёмов',
  'Демонтаж перекрытий',
  'Усиление проёмов',
  'Резка железобетона',
  'Бурение отверстий',
];
const TRIGGERS = ['Тендер на реконструкцию', 'Разрешение на строительство', 'Начало сезона', 'Утверждение бюджета'];

/** A plausible expected need 1 to 9 months ahead, and when to call about it (14 days before). */
function demoNeed(i: number, now: number, zone: string): { need: ExpectedNeed; callAt: number } {
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
      expectedNeed: expectedNeed?.need ?? { description: '', date: '', precision: '', confidence: 0, trigger: '' },
      ownerId: status === 'in_work' || status === 'future_need' ? (owners[i % Math.max(1, owners.length)] ?? '') : '',
      createdBy: 'system',
      attempts: 0,
      lastCallAt: expectedNeed ? now - (i % 20) * 86_400_000 : 0,
      lastOutcome: '',
      nextCallAt: expectedNeed?.callAt ?? 0,
      claimedBy: '',
      claimedUntil: 0,
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
    criteria: { ...emptyCriteria(), statuses: ['new'] },
    assigneeIds,
    priority: 50,
    callWindow: { from: '09:00', to: '19:00' },
    retry: { maxAttempts: 5, delayMinutes: 120 },
    active: true,
  };
}

type Bilingual = readonly [ru: string, en: string];
type NodeRow = {
  id: string;
  kind: ScriptNode['kind'];
  title?: Bilingual;
  field?: string;
  next?: string;
  outcome?: ScriptNode['outcome'];
  text: Bilingual;
  options?: readonly (readonly [id: string, next: string, label: Bilingual])[];
};

/** One script, written once in both languages: informs and asks, never sells. */
const DEMO_SCRIPT: readonly NodeRow[] = [
  {
    id: 'greet',
    title: ['Приветствие', 'Greeting'],
    kind: 'say',
    text: [
      'Здравствуйте, {contact}! Меня зовут {operator}, компания «Алмазная резка». Мы ничего не продаём по телефону — хотим рассказать о наших услугах и узнать, есть ли у {company} задачи по резке бетона или демонтажу. Удобно говорить пару минут?',
      'Hello {contact}! My name is {operator}, from Diamond Cutting. We sell nothing over the phone: we would like to tell you about our services and learn whether {company} has concrete cutting or demolition work ahead. Have you got two minutes?',
    ],
    options: [
      ['ok', 'inform', ['Да, слушаю', 'Yes, go ahead']],
      ['busy', 'end-callback', ['Неудобно, перезвоните', 'Busy, call back']],
    ],
  },
  {
    id: 'inform',
    kind: 'say',
    next: 'need',
    text: [
      'Мы режем бетон и железобетон алмазным инструментом, делаем проёмы, демонтаж и усиление конструкций — без пыли и ударных нагрузок, по всей России.',
      'We cut concrete and reinforced concrete with diamond tools, make openings, demolish and reinforce structures, with no dust or impact, anywhere in Russia.',
    ],
  },
  {
    id: 'need',
    title: ['Есть ли потребность', 'Is there a need'],
    kind: 'ask',
    text: ['Планируете ли вы такие работы — сейчас или в будущем?', 'Are you planning such work, now or later?'],
    options: [
      ['now', 'need-what', ['Да, сейчас', 'Yes, now']],
      ['later', 'future-when', ['Позже', 'Later']],
      ['no', 'end-no', ['Нет', 'No']],
    ],
  },
  {
    id: 'need-what',
    title: ['Какие работы', 'Work needed'],
    kind: 'ask',
    field: 'need',
    next: 'volume',
    text: ['Какие работы нужны?', 'What work do you need?'],
  },
  {
    id: 'volume',
    title: ['Объём', 'Volume'],
    kind: 'ask',
    field: 'volume',
    next: 'site',
    text: ['Какой объём работ?', 'How much work is it?'],
  },
  {
    id: 'site',
    title: ['Объект', 'Site'],
    kind: 'ask',
    field: 'site',
    next: 'deadline',
    text: ['Где объект?', 'Where is the site?'],
  },
  {
    id: 'deadline',
    title: ['Срок', 'Deadline'],
    kind: 'ask',
    field: 'deadline',
    next: 'budget',
    text: ['К какому сроку?', 'By when?'],
  },
  {
    id: 'budget',
    title: ['Бюджет', 'Budget'],
    kind: 'ask',
    field: 'budget',
    next: 'contact',
    text: ['Есть ли ориентир по бюджету (в рублях)?', 'Is there a budget in mind (roubles)?'],
  },
  {
    id: 'contact',
    title: ['Контакт', 'Contact'],
    kind: 'ask',
    field: 'contact',
    next: 'end-request',
    text: ['С кем менеджеру связаться и как?', 'Who should our manager contact, and how?'],
  },
  {
    id: 'future-when',
    title: ['Когда понадобится', 'When needed'],
    kind: 'ask',
    field: 'futureNeed',
    next: 'future-trigger',
    text: ['Когда, по вашей оценке, появится такая задача?', 'When do you expect such work to come up?'],
  },
  {
    id: 'future-trigger',
    title: ['От чего зависит', 'Trigger'],
    kind: 'ask',
    field: 'trigger',
    next: 'end-future',
    text: ['От чего это зависит?', 'What will it depend on?'],
  },
  {
    id: 'end-request',
    kind: 'end',
    outcome: 'request',
    text: [
      'Спасибо! Передаю заявку в отдел продаж — менеджер свяжется с вами.',
      'Thank you! I am passing your request to our sales team; a manager will contact you.',
    ],
  },
  {
    id: 'end-future',
    kind: 'end',
    outcome: 'future_need',
    text: ['Спасибо! Мы позвоним ближе к этому сроку.', 'Thank you! We will call you closer to that time.'],
  },
  {
    id: 'end-callback',
    kind: 'end',
    outcome: 'callback',
    text: ['Когда вам удобно, чтобы мы перезвонили?', 'When would be a good time to call you back?'],
  },
  {
    id: 'end-no',
    kind: 'end',
    outcome: 'not_interested',
    text: ['Спасибо за уделённое время! Хорошего дня.', 'Thank you for your time! Have a good day.'],
  },
  {
    id: 'obj-no-time',
    kind: 'objection',
    title: ['Нет времени', 'No time'],
    text: [
      'Понимаю. Это займёт буквально минуту — или скажите, когда удобнее перезвонить.',
      'I understand. It takes a minute, or tell me when it suits you better.',
    ],
  },
  {
    id: 'obj-supplier',
    kind: 'objection',
    title: ['Уже есть подрядчик', 'We have a contractor'],
    text: [
      'Хорошо, что подрядчик есть. Мы не предлагаем менять его — просто оставим контакт на случай срочных или сложных задач.',
      'Good that you have one. We do not ask you to switch: just keep our contact for urgent or difficult jobs.',
    ],
  },
  {
    id: 'obj-email',
    kind: 'objection',
    title: ['Пришлите на почту', 'Send it by e-mail'],
    text: [
      'Конечно, пришлю. Чтобы письмо было полезным — какие работы вам ближе всего?',
      'Of course I will. So the e-mail is useful: which kind of work is closest to your needs?',
    ],
  },
];

function scriptNodes(language: 0 | 1): ScriptNode[] {
  return DEMO_SCRIPT.map((row) => ({
    id: row.id,
    kind: row.kind,
    title: row.title?.[language] ?? '',
    text: row.text[language],
    field: row.field ?? '',
    next: row.next ?? '',
    outcome: row.outcome ?? '',
    options: (row.options ?? []).map(([id, next, label]) => ({ id, next, label: label[language] })),
  }));
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
      nodes: scriptNodes(0),
    },
    {
      ...base,
      id: 'demo-script-intro-v1-en',
      name: 'Introduction and needs discovery',
      language: 'en',
      nodes: scriptNodes(1),
    },
  ];
}

/**
 * Callbacks that go with the demo base: one per future need (to its owner), and a few promised
 * callbacks for operator1 (one overdue, one later today, one tomorrow) so the views have content.
 */
export function demoCallbacks(prospects: readonly Prospect[], now: number, operator1: string): Callback[] {
  const base = { createdAt: now, updatedAt: now, done: false, doneAt: 0, scope: 'personal' as const };
  const future = prospects
    .filter((p) => p.status === 'future_need' && p.nextCallAt > 0)
    .map((p, i) => ({
      ...base,
      id: `demo-cb-f${i + 1}`,
      prospectId: p.id,
      dueAt: p.nextCallAt,
      timeZone: p.timeZone,
      reason: 'future_need' as const,
      assigneeId: p.ownerId || operator1,
      createdBy: p.ownerId || operator1,
      note: p.expectedNeed.description,
    }));
  const fresh = prospects.filter((p) => p.status === 'new').slice(0, 3);
  const promised = fresh.map((p, i) => ({
    ...base,
    id: `demo-cb-r${i + 1}`,
    prospectId: p.id,
    dueAt: now + [-30, 120, 24 * 60][i]! * 60_000,
    timeZone: p.timeZone,
    reason: 'requested' as const,
    assigneeId: operator1,
    createdBy: operator1,
    note: '',
  }));
  return [...future, ...promised];
}
