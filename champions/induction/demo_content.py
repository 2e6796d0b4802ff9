"""The demo SDS induction: five modules in our own words, from the facts in DOMAIN.md."""

# Each module: title, summary, lessons [(title, Markdown)], questions [(prompt, [(option, correct)], explanation)].
MODULES = [
    {
        "title": "Self-directed Support and the 2013 Act",
        "summary": "What Self-directed Support is, the law behind it and the principles you work to.",
        "lessons": [
            ("What Self-directed Support is", """Self-directed Support (SDS) is how social care is arranged in Scotland.
When a council assesses someone as eligible for social care, it must offer them a choice about how
much control they take over their support budget.

The focus is on **personal outcomes**: what matters to the person and what they want to achieve,
rather than a list of times and tasks.

Think of SDS as a way of working, not a form to fill in."""),
            ("The law: the 2013 Act", """The **Social Care (Self-directed Support) (Scotland) Act 2013** came into force on
**1 April 2014**. It puts a duty on councils to offer people the four SDS options and to give them the
information and support they need to choose.

Statutory guidance, first published in 2014 and updated in 2022, explains how the Act should work
in practice."""),
            ("The principles", """The Act sets out principles you must apply in every piece of SDS work:

- **Participation and dignity**: respect the person's dignity and their right to take part in the life of the community.
- **Involvement**: the person is involved as much as they wish in assessing their needs and deciding their support.
- **Informed choice**: give the person the help they need to make an informed choice.
- **Collaboration**: work with the person on the assessment and on providing their support.

The guidance adds **responsibility** and **risk enablement**, and values of respect, fairness,
independence, freedom and safety."""),
        ],
        "questions": [
            ("When did the Self-directed Support Act come into force?",
             [("1 April 2013", False), ("1 April 2014", True), ("1 January 2022", False)],
             "The Act was passed in 2013 and came into force on **1 April 2014**."),
            ("Which of these are statutory principles of the Act? Choose all that apply.",
             [("Cost reduction", False), ("Informed choice", True), ("Participation and dignity", True), ("Collaboration", True)],
             "The statutory principles are participation and dignity, involvement, informed choice and collaboration. Saving money is not one of them."),
            ("What should SDS conversations focus on?",
             [("The times and tasks of a service", False), ("The cheapest available service", False), ("Personal outcomes: what matters to the person", True)],
             "SDS is built around personal outcomes, not 'time and task' services."),
        ],
    },
    {
        "title": "The four options",
        "summary": "The choices every eligible person must be offered, and what each one means day to day.",
        "lessons": [
            ("Options 1 and 2", """**Option 1: a direct payment.** The person receives the money and arranges their own
support. Many people use it to employ Personal Assistants (PAs).

**Option 2: directing the available support.** The person chooses the support they want, and the
council or a third party holds and manages the money for them."""),
            ("Options 3 and 4", """**Option 3: services arranged by the authority.** The council chooses and arranges the
support.

**Option 4: a mix.** Any combination of options 1, 2 and 3: for example a direct payment for a PA on
weekdays and a council-arranged service at weekends."""),
            ("Helping someone choose", """No option is better than another: the right one is the one that suits the person.
Explain each option in plain language, say what support is available (including independent
support organisations), and record the choice the person made and why.

A person can change their option later if their circumstances or wishes change."""),
        ],
        "questions": [
            ("A person wants to employ their own Personal Assistant and manage the money. Which option fits?",
             [("Option 3: services arranged by the authority", False), ("Option 1: a direct payment", True), ("Option 2: directing the available support", False)],
             "With a direct payment the person receives the money and can employ PAs themselves."),
            ("In option 2, who holds the money?",
             [("The person", False), ("The person's GP", False), ("The council or a third party", True)],
             "In option 2 the person chooses their support, but the council or a third party holds and manages the budget."),
            ("What is option 4?",
             [("A mix of options 1, 2 and 3", True), ("A one-off grant", False), ("Support from family only", False)],
             "Option 4 lets people combine the other three options."),
        ],
    },
    {
        "title": "Good conversations and personal outcomes",
        "summary": "Strengths-based conversations, the Talking Points outcomes and your professional judgement.",
        "lessons": [
            ("Good conversations", """A good conversation starts with what matters to the person, not with what services
exist. Listen more than you talk, ask open questions and build on the person's strengths, their
networks and their community (a **strengths-based** approach)."""),
            ("Personal outcomes: Talking Points", """The Talking Points framework describes personal outcomes for adults in three groups:

- **Quality of life**: feeling safe, having things to do, seeing people, staying as well as you can, living where and as you want, dealing with stigma or discrimination.
- **Process**: being listened to, having a say, being treated with respect, being responded to, reliability.
- **Change**: improved confidence or morale, skills or mobility, and reduced symptoms.

Record outcomes in the person's words."""),
            ("Worker autonomy", """SDS Standard 8 is about **worker autonomy**: practitioners are trusted to use their
professional judgement and to be creative with people, within clear and fair local rules. If a
process gets in the way of a good outcome, talk to an SDS Champion."""),
        ],
        "questions": [
            ("Which is a strengths-based question?",
             [("Which service do you want?", False), ("What is going well for you just now, and who helps?", True), ("How many hours of care do you need?", False)],
             "Strengths-based practice starts from the person's abilities and networks, not from services."),
            ("Which of these are Talking Points 'process' outcomes? Choose all that apply.",
             [("Improved mobility", False), ("Being listened to", True), ("Having a say", True)],
             "Listened to and having a say are process outcomes; improved mobility is a change outcome."),
            ("What is SDS Standard 8 about?",
             [("Transport", False), ("Complaints", False), ("Worker autonomy", True)],
             "Standard 8 of the 2024 Framework of Standards is worker autonomy."),
        ],
    },
    {
        "title": "Budgets and delegated authority",
        "summary": "How budgets are agreed, and who may approve what: a local example.",
        "lessons": [
            ("Budgets and flexibility", """A person's budget should be known early so they can plan. Standard 12 of the Framework
of Standards covers access to budgets and flexibility of spend: the money is to meet agreed outcomes,
and people should be able to use it flexibly to do so."""),
            ("Delegated authority: a local example", """Some councils let front-line staff approve care packages up to a limit. In **Perth and
Kinross**, for example, weekly packages can be approved up to:

| Grade | Weekly limit |
|---|---|
| Social work or OT assistant | £100 |
| Social worker or OT | £200 |
| Deputy team leader | £300 |
| Team leader | £400 |

A service manager approves anything above £400. This is one council's practice: check your own
council's scheme before you rely on it."""),
        ],
        "questions": [
            ("In the Perth and Kinross example, what weekly package can a social worker approve?",
             [("Up to £100", False), ("Up to £200", True), ("Up to £400", False)],
             "In that example a social worker or OT may approve up to £200 a week."),
            ("Who approves packages above £400 a week in that example?",
             [("A social work assistant", False), ("The person themselves", False), ("A service manager", True)],
             "Packages above the team leader's £400 limit go to a service manager."),
            ("Is the Perth and Kinross scheme the rule in every council?",
             [("No: it is an example of local practice", True), ("Yes: the 2013 Act sets these limits", False)],
             "Delegated authority is local practice. Check your own council's scheme."),
        ],
    },
    {
        "title": "Where to get help",
        "summary": "The champions, the forum, meetings, partner organisations and your learning log.",
        "lessons": [
            ("SDS Champions and the forum", """SDS Champions are practitioners who volunteer to help colleagues with Self-directed
Support. Ask a question in the Hub's **Questions** section: a champion or a colleague will answer, and
everyone learns from it. Search first: someone may have asked already."""),
            ("Meetings and partners", """Champions meet monthly, with regular updates from finance, carers' support and an
independent support provider. Notes are shared on the Hub.

**Partner organisations**, such as independent support organisations and carers' centres, post
updates for staff and can help the people you work with."""),
            ("Your learning log", """Every lesson has a private **My reflections** box. Your notes collect in your learning
log, which only you can see. Use it to prepare for supervision, and never write anything that
identifies a person who uses services."""),
        ],
        "questions": [
            ("Who can read your learning log?",
             [("Any SDS Champion", False), ("Only you", True), ("Administrators", False)],
             "Your learning log is private: not champions, not administrators, and it is never in search."),
            ("Before asking a new question on the forum, what should you do?",
             [("Email every champion", False), ("Search to see if it has been asked already", True)],
             "Searching first often gets you an answer at once, and keeps the forum tidy."),
            ("Which of these can help the people you work with? Choose all that apply.",
             [("Nobody outside the council", False), ("Independent support organisations", True), ("Carers' centres", True)],
             "Partner organisations, such as independent support organisations and carers' centres, are there to help."),
        ],
    },
]
