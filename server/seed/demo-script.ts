import type { Script, ScriptNode } from '../../shared/core/types.ts';

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
  // A script speaks one language: each translation is a script of its own, with its own versions.
  const base = {
    version: 1,
    status: 'published' as const,
    publishAt: 0,
    createdAt: now,
    updatedAt: now,
    startNodeId: 'greet',
  };
  return [
    {
      ...base,
      id: 'demo-script-intro-v1-ru',
      scriptId: 'demo-script-intro-ru',
      name: 'Знакомство и выявление потребности',
      language: 'ru',
      nodes: scriptNodes(0),
    },
    {
      ...base,
      id: 'demo-script-intro-v1-en',
      scriptId: 'demo-script-intro-en',
      name: 'Introduction and needs discovery',
      language: 'en',
      nodes: scriptNodes(1),
    },
  ];
}
