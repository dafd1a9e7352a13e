# ruff: noqa: E501 — translation table: one message per line reads best
"""Fill upheld/locale/es/LC_MESSAGES/django.po from the table below (run after makemessages).

    cd upheld && ../.venv/bin/upheld makemessages -l es --ignore='*/tests/*' --no-obsolete
    python locale/fill_es.py && msgfmt -c -o locale/es/LC_MESSAGES/django.mo \
        locale/es/LC_MESSAGES/django.po

Entries already translated in the .po are kept; the table only fills empty ones (and those
it lists are overwritten when --force is given). Plural entries take a (singular, plural)
pair."""

import re
import sys
from pathlib import Path

PO = Path(__file__).parent / "es" / "LC_MESSAGES" / "django.po"

ES = {
    # Forms and pages (upheld/intake/web).
    "Full name": "Nombre completo",
    "Enter your full name.": "Escriba su nombre completo.",
    "Tell us what happened.": "Cuéntenos qué ocurrió.",
    "Say which product or service it is about.": "Indique sobre qué producto o servicio es.",
    "Say what you would like us to do, or write “not sure”.": "Indique qué le gustaría que hiciéramos, o escriba «no lo sé».",
    "Organisation (if you complain for a business)": "Organización (si reclama en nombre de una empresa)",
    "E-mail address": "Correo electrónico",
    "We send the acknowledgement and our response here.": "Le enviaremos aquí el acuse de recibo y nuestra respuesta.",
    "Telephone": "Teléfono",
    "Postal address": "Dirección postal",
    "Language for our replies": "Idioma de nuestras respuestas",
    "For example large print, a phone call instead of letters, or someone to help you. We will make reasonable adjustments.": "Por ejemplo, letra grande, una llamada en lugar de cartas o alguien que le ayude. Haremos los ajustes razonables.",
    "Do you need anything to make this easier?": "¿Necesita algo que se lo ponga más fácil?",
    "Who is this complaint for?": "¿Para quién es esta reclamación?",
    "Myself": "Para mí",
    "Someone else: I am acting for them": "Para otra persona: actúo en su nombre",
    "Your name (the representative)": "Su nombre (el representante)",
    "Your e-mail address": "Su correo electrónico",
    "Your telephone": "Su teléfono",
    "How are you allowed to act for them?": "¿Con qué autorización actúa en su nombre?",
    "For example: they asked me to and agree, power of attorney, I am their parent or guardian.": "Por ejemplo: me lo ha pedido y está de acuerdo, tengo un poder notarial, soy su padre, madre o tutor.",
    "What happened?": "¿Qué ocurrió?",
    "Tell us what went wrong, in your own words.": "Cuéntenos qué salió mal, con sus propias palabras.",
    "When did it happen?": "¿Cuándo ocurrió?",
    "The date, if you know it.": "La fecha, si la sabe.",
    "Which product or service is it about?": "¿Sobre qué producto o servicio es?",
    "With an account, order or policy number if you have one.": "Con el número de cuenta, pedido o póliza, si lo tiene.",
    "What would you like us to do?": "¿Qué le gustaría que hiciéramos?",
    "For example an apology, a refund, a repair. Write “not sure” if you do not know yet.": "Por ejemplo, una disculpa, un reembolso, una reparación. Escriba «no lo sé» si aún no lo sabe.",
    "Documents or photos": "Documentos o fotos",
    "Files already attached": "Archivos ya adjuntos",
    "You can choose several files. Allowed types: %(types)s; at most %(size)s each.": "Puede elegir varios archivos. Tipos permitidos: %(types)s; como máximo %(size)s cada uno.",
    "The date cannot be in the future.": "La fecha no puede ser futura.",
    "Give at least one way to reach you: e-mail, telephone or postal address.": "Indique al menos una forma de contactarle: correo electrónico, teléfono o dirección postal.",
    "Give your own name, as the representative.": "Indique su propio nombre, como representante.",
    "Say how you are allowed to act for the complainant.": "Indique con qué autorización actúa en nombre de la persona reclamante.",
    "I have read the privacy notice and agree that my information is used to handle this complaint.": "He leído el aviso de privacidad y acepto que mis datos se usen para tramitar esta reclamación.",
    "Tick the box to agree to the privacy notice, so we can handle your complaint.": "Marque la casilla para aceptar el aviso de privacidad y que podamos tramitar su reclamación.",
    "Leave this field empty": "Deje este campo vacío",
    "How did the complaint arrive?": "¿Cómo llegó la reclamación?",
    "Received at": "Recibida el",
    "Leave as it is for a complaint you are taking now. For one that arrived earlier, set it back to when it really arrived; never later than now.": "Déjelo como está si recoge la reclamación ahora. Si llegó antes, indique cuándo llegó realmente; nunca una hora posterior a la actual.",
    "Immediate action taken": "Medidas inmediatas tomadas",
    "People or unit involved": "Personas o unidad implicadas",
    "Category": "Categoría",
    "Complainant's full name": "Nombre completo de la persona reclamante",
    "A complaint cannot be received in the future; give the time it really arrived.": "Una reclamación no puede recibirse en el futuro; indique cuándo llegó realmente.",
    "Give a date and time like 2026-03-01T09:30:00+00:00.": "Indique una fecha y hora como 2026-03-01T09:30:00+00:00.",
    "Describe what went wrong; this is required.": "Describa qué salió mal; es obligatorio.",
    "Give at least one way to reach the complainant: e-mail, telephone or postal address.": "Indique al menos una forma de contactar con la persona reclamante: correo electrónico, teléfono o dirección postal.",
    "Give the representative's name.": "Indique el nombre del representante.",
    "Say how the representative is authorised to act for the complainant.": "Indique con qué autorización actúa el representante.",
    "Enter a valid e-mail address, like name@example.org.": "Escriba un correo electrónico válido, como nombre@ejemplo.org.",
    "The date of occurrence cannot be in the future.": "La fecha de los hechos no puede ser futura.",
    "Give a date like 2026-03-01.": "Indique una fecha como 2026-03-01.",
    "Choose a category that is in use.": "Elija una categoría en uso.",
    "The time of receipt is set by Upheld.": "La hora de recepción la fija Upheld.",
    "Skip to main content": "Saltar al contenido principal",
    "Language": "Idioma",
    "How to complain": "Cómo reclamar",
    "Make a complaint": "Presentar una reclamación",
    "Privacy notice": "Aviso de privacidad",
    "Making a complaint is free of charge.": "Presentar una reclamación es gratuito.",
    "Telephone:": "Teléfono:",
    "E-mail:": "Correo electrónico:",
    "Letter:": "Carta:",
    "There is a problem": "Hay un problema",
    "Error:": "Error:",
    "optional": "opcional",
    "Tell %(org)s what went wrong. It is free, you do not need an account, and there is no time limit for filling in this form.": "Cuente a %(org)s qué salió mal. Es gratuito, no necesita una cuenta y no hay límite de tiempo para rellenar este formulario.",
    'You can also complain by e-mail, telephone, letter or in person: see <a href="%(how_url)s">how to complain</a>.': 'También puede reclamar por correo electrónico, teléfono, carta o en persona: vea <a href="%(how_url)s">cómo reclamar</a>.',
    "About you": "Sus datos",
    "How can we reach you?": "¿Cómo podemos contactarle?",
    "Give at least one: e-mail, telephone or postal address.": "Indique al menos uno: correo electrónico, teléfono o dirección postal.",
    "Someone acting for you": "Alguien que actúa en su nombre",
    "If you are acting for someone else": "Si actúa en nombre de otra persona",
    "Fill this in only if you are complaining for another person. The details above are then theirs.": "Rellénelo solo si reclama por otra persona. Los datos de arriba son entonces los suyos.",
    "Your complaint": "Su reclamación",
    "Your information": "Sus datos personales",
    'We use what you tell us only to handle your complaint and to improve our service. Read our <a href="%(privacy_url)s">privacy notice</a>.': 'Usamos lo que nos cuenta solo para tramitar su reclamación y mejorar nuestro servicio. Lea nuestro <a href="%(privacy_url)s">aviso de privacidad</a>.',
    "Send complaint": "Enviar reclamación",
    "How to complain to %(org)s": "Cómo reclamar a %(org)s",
    "Making a complaint is free of charge. You do not need an account. If you need help to complain, or information in another format or language, tell us and we will help.": "Presentar una reclamación es gratuito. No necesita una cuenta. Si necesita ayuda para reclamar, o información en otro formato o idioma, díganoslo y le ayudaremos.",
    "Make a complaint online": "Reclamar en línea",
    "Where and how to complain": "Dónde y cómo reclamar",
    "Online:": "En línea:",
    "our complaint form": "nuestro formulario de reclamación",
    "at any time.": "en cualquier momento.",
    "By e-mail:": "Por correo electrónico:",
    "By telephone:": "Por teléfono:",
    "By letter:": "Por carta:",
    "In person:": "En persona:",
    "Someone else, such as a relative, a friend or an adviser, can complain for you if you agree.": "Otra persona, como un familiar, un amigo o un asesor, puede reclamar por usted si usted está de acuerdo.",
    "What to tell us": "Qué debe contarnos",
    "your name and how we can reach you (e-mail, telephone or postal address)": "su nombre y cómo contactarle (correo electrónico, teléfono o dirección postal)",
    "what happened, and when": "qué ocurrió y cuándo",
    "the product or service it is about, with any account, order or policy number": "el producto o servicio afectado, con el número de cuenta, pedido o póliza",
    "what you would like us to do to put it right": "qué le gustaría que hiciéramos para solucionarlo",
    "copies of any documents or photos that help (optional)": "copias de documentos o fotos que ayuden (opcional)",
    "What happens to your complaint, and when": "Qué pasa con su reclamación, y cuándo",
    "Acknowledgement – immediately.": "Acuse de recibo – de inmediato.",
    "We confirm that we have your complaint and give you a reference: by e-mail within minutes, or at once on the telephone or in person.": "Le confirmamos que hemos recibido su reclamación y le damos una referencia: por correo electrónico en pocos minutos, o en el momento por teléfono o en persona.",
    "Assessment – within %(days)s business day.": (
        "Evaluación – en %(days)s día hábil.",
        "Evaluación – en %(days)s días hábiles.",
    ),
    "We look at how serious and urgent it is, and act at once if something needs to be put right straight away.": "Valoramos su gravedad y urgencia, y actuamos de inmediato si hay algo que corregir enseguida.",
    "Investigation.": "Investigación.",
    "Someone who was not involved looks into it fairly, and contacts you if we need more information. We keep you informed.": "Una persona que no estuvo implicada la investiga con imparcialidad y le contacta si necesitamos más información. Le mantenemos informado.",
    "Final response – within %(days)s day of receiving your complaint.": (
        "Respuesta final – en %(days)s día desde que recibimos su reclamación.",
        "Respuesta final – en %(days)s días desde que recibimos su reclamación.",
    ),
    "We tell you our decision, the reasons for it and what we will do. If we cannot finish in time, we tell you why and when we will.": "Le comunicamos nuestra decisión, sus motivos y lo que haremos. Si no podemos terminar a tiempo, le explicamos por qué y cuándo lo haremos.",
    "Internal review – within %(days)s day of your request.": (
        "Revisión interna – en %(days)s día desde su solicitud.",
        "Revisión interna – en %(days)s días desde su solicitud.",
    ),
    "If you do not accept our decision, a more senior person who was not involved reviews it.": "Si no acepta nuestra decisión, la revisa una persona de mayor responsabilidad que no estuvo implicada.",
    "How we can put things right": "Cómo podemos solucionarlo",
    "Depending on what happened, we may offer:": "Según lo ocurrido, podemos ofrecerle:",
    "If you are not satisfied": "Si no está satisfecho",
    "Internal review": "Revisión interna",
    "Reply to our final response, or contact us quoting your reference, and say that you want a review.": "Responda a nuestra respuesta final, o contáctenos indicando su referencia, y díganos que quiere una revisión.",
    "Independent bodies": "Organismos independientes",
    "You can also take your complaint to an independent body. It is free for you.": "También puede llevar su reclamación a un organismo independiente. Es gratuito para usted.",
    "When:": "Cuándo:",
    "Website:": "Sitio web:",
    "Following your complaint": "Seguimiento de su reclamación",
    "With our acknowledgement you get a reference and a private link. The link shows where your complaint stands at any time, without an account; keep it to yourself. You can also contact us and quote your reference.": "Con nuestro acuse de recibo obtiene una referencia y un enlace privado. El enlace muestra en todo momento en qué punto está su reclamación, sin necesidad de cuenta; no lo comparta. También puede contactarnos indicando su referencia.",
    "%(org)s uses the information in your complaint only to handle it, to keep a record of it and to improve its service. Only the people who need it to handle your complaint can see your personal details. We do not pass them to anyone else unless you agree or the law requires it.": "%(org)s usa la información de su reclamación solo para tramitarla, dejar constancia de ella y mejorar su servicio. Solo las personas que la necesitan para tramitar su reclamación pueden ver sus datos personales. No los cedemos a nadie salvo que usted lo acepte o la ley lo exija.",
    "Back to the complaint form": "Volver al formulario de reclamación",
    "Too many complaints sent": "Demasiadas reclamaciones enviadas",
    "We have received %(limit)s complaint from your connection in the last hour, which is as many as this form takes.": (
        "Hemos recibido %(limit)s reclamación desde su conexión en la última hora, que es el máximo que admite este formulario.",
        "Hemos recibido %(limit)s reclamaciones desde su conexión en la última hora, que es el máximo que admite este formulario.",
    ),
    "Nothing you typed was sent. Please try again in an hour, or contact us another way:": "No se ha enviado nada de lo que escribió. Inténtelo de nuevo dentro de una hora, o contáctenos de otra forma:",
    "Complaint received": "Reclamación recibida",
    "Your reference is": "Su referencia es",
    "Please quote this reference whenever you contact us about your complaint.": "Indique esta referencia siempre que nos contacte sobre su reclamación.",
    "We are sending an acknowledgement to %(email)s.": "Le estamos enviando un acuse de recibo a %(email)s.",
    "What happens next": "Qué pasará ahora",
    "We look at your complaint within %(days)s business day.": (
        "Evaluamos su reclamación en %(days)s día hábil.",
        "Evaluamos su reclamación en %(days)s días hábiles.",
    ),
    "We investigate it, and contact you if we need more information.": "La investigamos y le contactamos si necesitamos más información.",
    "We aim to send you our final response, with our decision and the reasons for it, by <strong>%(due)s</strong>.": "Nuestro objetivo es enviarle nuestra respuesta final, con nuestra decisión y sus motivos, a más tardar el <strong>%(due)s</strong>.",
    "Follow your complaint": "Siga su reclamación",
    "You can see where your complaint stands at any time, without an account, at this private link. Keep it to yourself: anyone with the link can see your complaint.": "Puede ver en qué punto está su reclamación en cualquier momento, sin cuenta, en este enlace privado. No lo comparta: cualquiera que tenga el enlace puede ver su reclamación.",
    "This page shows the link only once. Save it now; it is also in the acknowledgement e-mail.": "Esta página muestra el enlace una sola vez. Guárdelo ahora; también está en el correo de acuse de recibo.",
    "The private link to follow your complaint was shown once, and is in the acknowledgement e-mail. You can also contact us and quote your reference.": "El enlace privado para seguir su reclamación se mostró una vez y está en el correo de acuse de recibo. También puede contactarnos indicando su referencia.",
    'If you are not satisfied with our response, you can ask for an internal review and go to an independent body: see <a href="%(how_url)s">how to complain</a>.': 'Si no está satisfecho con nuestra respuesta, puede pedir una revisión interna y acudir a un organismo independiente: vea <a href="%(how_url)s">cómo reclamar</a>.',
    "Record a complaint": "Registrar una reclamación",
    "Sign in": "Iniciar sesión",
    "For staff of the organisation. To make a complaint you do not need to sign in.": "Para el personal de la organización. Para presentar una reclamación no necesita iniciar sesión.",
    "For a complaint received by telephone, letter, in person or e-mail. You (%(user)s) are recorded as the person who received it.": "Para una reclamación recibida por teléfono, carta, en persona o correo electrónico. Usted (%(user)s) queda registrado como la persona que la recibió.",
    "Receipt": "Recepción",
    "The complainant": "La persona reclamante",
    "How can we reach them?": "¿Cómo podemos contactarla?",
    "Representative, if someone acts for the complainant": "Representante, si alguien actúa en nombre de la persona reclamante",
    "The complaint": "La reclamación",
    "Record complaint": "Registrar reclamación",
    "Complaint recorded": "Reclamación registrada",
    "Reference": "Referencia",
    "Channel": "Canal",
    "Received by": "Recibida por",
    "Final response due": "Plazo de respuesta final",
    "Give the complainant the reference now.": "Dé ahora la referencia a la persona reclamante.",
    "The acknowledgement with the private tracking link is on its way to them by e-mail.": "El acuse de recibo con el enlace privado de seguimiento se le está enviando por correo electrónico.",
    "Their private tracking link (shown once; read it to them or send it only to them):": "Su enlace privado de seguimiento (se muestra una vez; léaselo o envíeselo solo a esa persona):",
    "Record another complaint": "Registrar otra reclamación",
    "Thank you": "Gracias",
    "If you do not receive an acknowledgement with a reference soon, please contact us by telephone or e-mail.": "Si no recibe pronto un acuse de recibo con una referencia, contáctenos por teléfono o correo electrónico.",
    # Date formats (Django's date filter: a backslash keeps a letter as it is).
    "j F Y": "j \\d\\e F \\d\\e Y",
    "j F Y H:i": "j \\d\\e F \\d\\e Y, H:i",
    # Attachments (upheld/complaints/filetypes.py).
    "“%(name)s” is empty. Choose the file again.": "«%(name)s» está vacío. Elija el archivo de nuevo.",
    "“%(name)s” is %(size)s; files can be at most %(limit)s. Send a smaller file, or send it to us another way.": "«%(name)s» ocupa %(size)s; los archivos pueden ocupar como máximo %(limit)s. Envíe un archivo más pequeño o háganoslo llegar de otra forma.",
    "unknown type": "tipo desconocido",
    "“%(name)s” is a type of file we cannot accept (%(what)s). Allowed types: %(allowed)s.": "«%(name)s» es un tipo de archivo que no podemos aceptar (%(what)s). Tipos permitidos: %(allowed)s.",
    # Messages to complainants (upheld/notify/templates/notify).
    "Sir or Madam": "señor o señora",
    "Dear %(name)s,": "Estimado/a %(name)s:",
    "Thank you for telling us about your complaint. %(org)s has received it and given it the reference %(ref)s. Please quote this reference whenever you contact us about it.": "Gracias por comunicarnos su reclamación. %(org)s la ha recibido y le ha asignado la referencia %(ref)s. Indique esta referencia siempre que nos contacte sobre ella.",
    "A member of our complaints team will look at your complaint, investigate it and tell you our decision and the reasons for it. If we need more information we will contact you.": "Una persona de nuestro equipo de reclamaciones estudiará su reclamación, la investigará y le comunicará nuestra decisión y sus motivos. Si necesitamos más información, le contactaremos.",
    "We aim to send you our final response by %(due)s.": "Nuestro objetivo es enviarle nuestra respuesta final a más tardar el %(due)s.",
    "You can follow your complaint at any time, without an account, at this private link (keep it to yourself):": "Puede seguir su reclamación en cualquier momento, sin cuenta, en este enlace privado (no lo comparta):",
    "Making a complaint is free of charge. If you are not satisfied with our final response, you can ask for an internal review, and you may be able to take your complaint to an independent external body.": "Presentar una reclamación es gratuito. Si no está satisfecho con nuestra respuesta final, puede pedir una revisión interna y es posible que pueda llevar su reclamación a un organismo externo independiente.",
    "We have received your complaint %(ref)s": "Hemos recibido su reclamación %(ref)s",
    "We have finished looking into your complaint %(ref)s.": "Hemos terminado de estudiar su reclamación %(ref)s.",
    "Our decision": "Nuestra decisión",
    "Why": "Motivos",
    "What we will do": "Lo que haremos",
    "Please tell us whether you accept this decision. If you do not, you can ask for an internal review by a more senior person, and you may be able to refer your complaint to an independent external body.": "Díganos si acepta esta decisión. Si no la acepta, puede pedir una revisión interna por una persona de mayor responsabilidad, y es posible que pueda llevar su reclamación a un organismo externo independiente.",
    "Our decision on your complaint %(ref)s": "Nuestra decisión sobre su reclamación %(ref)s",
    "You told us you do not accept our decision on complaint %(ref)s. Your complaint stays open.": "Nos ha indicado que no acepta nuestra decisión sobre la reclamación %(ref)s. Su reclamación sigue abierta.",
    "A more senior person who was not involved in the decision can review it (internal review). You may also be able to refer your complaint to an independent external body such as an ombudsman or an alternative dispute resolution service.": "Una persona de mayor responsabilidad que no participó en la decisión puede revisarla (revisión interna). También es posible que pueda llevar su reclamación a un organismo externo independiente, como un defensor del cliente o un servicio de resolución alternativa de litigios.",
    "Your complaint %(ref)s: what you can do next": "Su reclamación %(ref)s: qué puede hacer ahora",
    "Your message %(ref)s: how we are handling it": "Su mensaje %(ref)s: cómo lo tratamos",
    "triage": "clasificación inicial",
    # The tracking page's forms (upheld/portal).
    "Do you accept our decision?": "¿Acepta nuestra decisión?",
    "Yes, I accept it": "Sí, la acepto",
    "No, I do not accept it": "No, no la acepto",
    "Choose whether you accept our decision.": "Indique si acepta nuestra decisión.",
    "If you do not accept it, tell us why": "Si no la acepta, díganos por qué",
    "Whoever reviews your complaint will read it.": "Lo leerá quien revise su reclamación.",
    "Tell us why you do not accept our decision.": "Díganos por qué no acepta nuestra decisión.",
    "Your message": "Su mensaje",
    "Write your message.": "Escriba su mensaje.",
    "Thank you: we have your answer.": "Gracias: hemos recibido su respuesta.",
    "Thank you: we have your message and will read it.": "Gracias: hemos recibido su mensaje y lo leeremos.",
    "There is no decision waiting for your answer: we may already have it. Write to us below if something is wrong.": "No hay ninguna decisión pendiente de su respuesta: puede que ya la tengamos. Escríbanos más abajo si algo no está bien.",
    "Message from the tracking page": "Mensaje desde la página de seguimiento",
    "Send my answer": "Enviar mi respuesta",
    "What we will do:": "Lo que haremos:",
    "Write to us about this complaint": "Escríbanos sobre esta reclamación",
    "Send my message": "Enviar mi mensaje",
    "We read your message as feedback rather than a complaint, and wrote to you why. If you want us to respond, tell us: it is then a complaint.": "Hemos tratado su mensaje como un comentario y no como una reclamación, y le hemos escrito explicando el motivo. Si desea que le respondamos, díganoslo: entonces es una reclamación.",
    "a complaint": "una reclamación",
    "not a complaint (other feedback)": "no es una reclamación (otro comentario)",
    "alleges a device deficiency": "alega un defecto del producto sanitario",
    "Medical devices (FDA 21 CFR 820.198): does it allege that a device failed to meet its specifications? Empty when not asked.": "Productos sanitarios (FDA 21 CFR 820.198): ¿alega que un producto no cumplió sus especificaciones? Vacío si no se preguntó.",
    "Thank you for your message (reference %(ref)s). We have read it as feedback rather than as a complaint, for this reason:": "Gracias por su mensaje (referencia %(ref)s). Lo hemos tratado como un comentario y no como una reclamación, por este motivo:",
    "If you are unhappy with us and would like us to respond, it is a complaint, whether or not we turn out to agree with you. Reply to this message or contact us, and we will handle it as a complaint, free of charge.": "Si no está satisfecho con nosotros y espera una respuesta, es una reclamación, tanto si al final le damos la razón como si no. Responda a este mensaje o póngase en contacto con nosotros y la trataremos como una reclamación, sin coste alguno.",
    # Record labels shown on pages (complaints, organisation).
    "web form": "formulario web",
    "e-mail": "correo electrónico",
    "telephone": "teléfono",
    "letter": "carta",
    "in person": "en persona",
    "API": "API",
    "import": "importación",
    "received": "recibida",
    "acknowledged": "acusada",
    "assessed": "evaluada",
    "under investigation": "en investigación",
    "waiting for the complainant": "a la espera de la persona reclamante",
    "decision made": "decisión tomada",
    "decision sent": "decisión enviada",
    "decision accepted": "decisión aceptada",
    "decision rejected": "decisión rechazada",
    "under internal review": "en revisión interna",
    "referred to an external body": "remitida a un organismo externo",
    "closed": "cerrada",
    "withdrawn": "retirada",
    "merged into another complaint": "fusionada con otra reclamación",
    "upheld": "estimada",
    "partly upheld": "estimada en parte",
    "not upheld": "desestimada",
    "apology": "disculpa",
    "explanation": "explicación",
    "correction": "corrección",
    "refund": "reembolso",
    "compensation": "indemnización",
    "replacement": "sustitución",
    "process change": "cambio de procedimiento",
    "name": "nombre",
    "organisation": "organización",
    "postal address": "dirección postal",
    "preferred language": "idioma preferido",
    "accessibility needs": "necesidades de accesibilidad",
    "reference": "referencia",
    "channel": "canal",
    "received at": "recibida el",
    "product or service": "producto o servicio",
    "description": "descripción",
    "date of occurrence": "fecha de los hechos",
    "remedy sought": "solución solicitada",
    "complaint": "reclamación",
    "complaints": "reclamaciones",
    "status": "estado",
    "category": "categoría",
    "categories": "categorías",
    "anonymous": "anónimo",
    "website": "sitio web",
    "external body": "organismo externo",
    # The complainant's private page (upheld/portal).
    "We received your complaint.": "Hemos recibido su reclamación.",
    "We acknowledged your complaint.": "Le hemos enviado el acuse de recibo.",
    "We asked you for more information.": "Le hemos pedido más información.",
    "We sent you our decision.": "Le hemos enviado nuestra decisión.",
    "You accepted our decision.": "Usted aceptó nuestra decisión.",
    "You did not accept our decision. Your complaint stays open.": "Usted no aceptó nuestra decisión. Su reclamación sigue abierta.",
    "A more senior person is reviewing your complaint.": "Una persona de mayor responsabilidad está revisando su reclamación.",
    "Your complaint was referred to an external body.": "Su reclamación se remitió a un organismo externo.",
    "We carried out what we offered.": "Hemos hecho lo que le ofrecimos.",
    "Your complaint was closed.": "Su reclamación se ha cerrado.",
    "Your complaint was reopened.": "Su reclamación se ha reabierto.",
    "Your complaint was withdrawn.": "Su reclamación se ha retirado.",
    "Your complaint was joined to another complaint of yours.": "Su reclamación se ha unido a otra reclamación suya.",
    "We received a message from you.": "Hemos recibido un mensaje suyo.",
    "We sent you a message.": "Le hemos enviado un mensaje.",
    "Your complaint was recorded.": "Su reclamación ha quedado registrada.",
    "Complaint %(ref)s": "Reclamación %(ref)s",
    "Your complaint %(ref)s": "Su reclamación %(ref)s",
    "Where it stands": "En qué punto está",
    "Received on": "Recibida el",
    "Our final response is due by": "Le enviaremos nuestra respuesta final a más tardar el",
    "Last update": "Última novedad",
    "What has happened": "Qué ha pasado",
    'Please quote your reference whenever you contact us. If you are not satisfied with our response, you can ask for an internal review and go to an independent body: see <a href="%(how_url)s">how to complain</a>.': 'Indique su referencia siempre que se ponga en contacto con nosotros. Si no está satisfecho con nuestra respuesta, puede pedir una revisión interna y acudir a un organismo independiente: vea <a href="%(how_url)s">cómo reclamar</a>.',
}


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _unquote(lines: str) -> str:
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', lines)
    return "".join(parts).replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


def fill(force: bool = False) -> list[str]:
    text = PO.read_text()
    header, *blocks = text.split("\n\n")
    header = header.replace("#, fuzzy\n", "").replace('"Language: \\n"', '"Language: es\\n"')
    out, missing = [header], []
    for block in blocks:
        m = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if not m:
            out.append(block)
            continue
        msgid = _unquote(m.group(1))
        wanted = ES.get(msgid)
        plural = "msgid_plural" in block
        empty = re.search(r'^msgstr(\[0\])? ""\s*$', block, re.M) and not re.search(
            r'^msgstr(\[0\])? "".*\n"', block, re.M
        )
        if wanted is None and "#, fuzzy" in block:
            # msgmerge's guesses from similar texts are wrong more often than not.
            head = block[: block.index("msgstr")].replace("#, fuzzy\n", "")
            head = re.sub(r"^#\| .*\n", "", head, flags=re.M)
            strs = (
                'msgstr[0] ""\nmsgstr[1] ""\nmsgstr[2] ""'
                if "msgid_plural" in block
                else 'msgstr ""'
            )
            out.append(head + strs)
            continue
        if wanted is None or not (empty or force or "#, fuzzy" in block):
            out.append(block)
            continue
        head = block[: block.index("msgstr")]
        head = head.replace("#, fuzzy\n", "").replace(", fuzzy", "")
        head = re.sub(r"^#\| .*\n", "", head, flags=re.M)
        if plural:
            one, many = wanted if isinstance(wanted, tuple) else (wanted, wanted)
            strs = f"msgstr[0] {_quote(one)}\nmsgstr[1] {_quote(many)}\nmsgstr[2] {_quote(many)}"
        else:
            strs = f"msgstr {_quote(wanted if isinstance(wanted, str) else wanted[0])}"
        out.append(head + strs)
    PO.write_text("\n\n".join(out).rstrip("\n") + "\n")
    found = set(re.findall(r'^msgid "(.*)"$', text, re.M))
    missing = [k for k in ES if k.replace('"', '\\"') not in found and len(k) < 70]
    return missing


if __name__ == "__main__":
    for key in fill(force="--force" in sys.argv):
        print("not in the .po (fine if the text changed or is long):", key)
