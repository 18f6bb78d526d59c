package demo

// site is one workspace of the demo organization and the people and clients it holds.
type site struct {
	name      string
	lang      string   // the users' interface language
	users     int      // staff in this workspace
	teams     []string // team names
	campaigns []campaignSpec
	clients   int
	first     []string
	last      []string
	companies []string
	mailHosts []string
	tags      []string
}

// campaignSpec is a demo campaign: its name, channels, and whether it still runs.
type campaignSpec struct {
	name     string
	channels []string
	active   bool
}

// sites is the demo organization: Spanish and Polish offices and a small Brazilian one.
// users add up to Users, clients to Clients, teams to Teams, campaigns to Campaigns.
var sites = []site{
	{
		name: "Madrid", lang: "es", users: 65, clients: 2200,
		teams: []string{"Ventas Norte", "Ventas Sur", "Retención", "Atención al cliente", "Cobros"},
		campaigns: []campaignSpec{
			{"Renove Fibra 2026", []string{"voice", "whatsapp", "email"}, true},
			{"Portabilidad Móvil", []string{"voice", "sms", "whatsapp"}, true},
			{"Fidelización Premium", []string{"voice", "email", "webchat"}, true},
			{"Rebajas de Invierno", []string{"voice", "facebook", "instagram"}, false},
		},
		first: []string{"Lucía", "María", "Carmen", "Sofía", "Paula", "Elena", "Laura", "Marta", "Ana", "Isabel",
			"Pilar", "Raquel", "Nuria", "Alba", "Irene", "Hugo", "Javier", "Carlos", "Pablo", "Alejandro",
			"Manuel", "Sergio", "Daniel", "Jorge", "Álvaro", "Diego", "Adrián", "Rubén", "Íñigo", "José Luis"},
		last: []string{"García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez",
			"Gómez", "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez", "Romero",
			"Alonso", "Gutiérrez", "Navarro", "Torres", "Domínguez", "Vázquez", "Ramos", "Gil", "Serrano",
			"Blanco", "Molina", "Castillo", "Ortega", "Núñez", "Ibáñez", "Peña"},
		companies: []string{"Construcciones Hermanos Ruiz S.L.", "Talleres Alcalá S.A.", "Panadería La Espiga",
			"Clínica Dental Sonrisas", "Asesoría Moreno y Asociados", "Transportes Tajo S.L.", "Frutas Peña",
			"Hostal El Retiro", "Ferretería Castilla", "Inmobiliaria Chamberí"},
		mailHosts: []string{"correo.example", "mail.example.es", "buzon.example"},
		tags:      []string{"vip", "nuevo", "renovación", "moroso", "empresa", "particular"},
	},
	{
		name: "Kraków", lang: "pl", users: 60, clients: 2000,
		teams: []string{"Sprzedaż", "Obsługa klienta", "Windykacja", "Wsparcie techniczne"},
		campaigns: []campaignSpec{
			{"Internet Światłowodowy", []string{"voice", "email", "webchat"}, true},
			{"Odnowienie Umów", []string{"voice", "sms"}, true},
			{"Ubezpieczenia Domu", []string{"voice", "email", "telegram"}, true},
			{"Black Friday 2025", []string{"voice", "facebook", "instagram", "sms"}, false},
		},
		first: []string{"Anna", "Katarzyna", "Małgorzata", "Agnieszka", "Magdalena", "Joanna", "Zofia", "Ewa",
			"Barbara", "Aleksandra", "Natalia", "Marta", "Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł",
			"Michał", "Marcin", "Łukasz", "Jakub", "Grzegorz", "Wojciech", "Mateusz", "Bartosz", "Kamil"},
		last: []string{"Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski",
			"Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Kwiatkowski",
			"Krawczyk", "Piotrowski", "Grabowski", "Nowakowski", "Pawłowski", "Michalski", "Król", "Wieczorek",
			"Jabłoński", "Majewski", "Olszewski", "Stępień", "Malinowski", "Górski", "Rutkowski"},
		companies: []string{"Piekarnia Pod Wawelem", "Auto-Serwis Nowak Sp. z o.o.", "Hotel Kazimierz",
			"Kancelaria Prawna Zielińska", "Drukarnia Krakowska", "Apteka Pod Orłem", "Stolarstwo Mazur",
			"Biuro Rachunkowe Lewandowski", "Kwiaciarnia Róża", "Przychodnia Zdrowie"},
		mailHosts: []string{"poczta.example", "mail.example.pl", "skrzynka.example"},
		tags:      []string{"vip", "nowy", "odnowienie", "zaległości", "firma", "osoba prywatna"},
	},
	{
		name: "São Paulo", lang: "pt", users: 25, clients: 800,
		teams: []string{"Vendas", "Atendimento", "Retenção"},
		campaigns: []campaignSpec{
			{"Plano Família", []string{"voice", "whatsapp", "sms"}, true},
			{"Cobrança Amigável", []string{"voice", "whatsapp", "email"}, true},
		},
		first: []string{"Ana", "Beatriz", "Juliana", "Fernanda", "Camila", "Mariana", "Larissa", "João",
			"Pedro", "Lucas", "Gabriel", "Rafael", "Thiago", "Gonçalo", "Vinícius", "Matheus"},
		last: []string{"Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira",
			"Lima", "Gomes", "Costa", "Ribeiro", "Martins", "Carvalho", "Araújo", "Gonçalves", "Conceição"},
		companies: []string{"Padaria Pão Quente", "Oficina Mecânica Paulista Ltda.", "Farmácia São Bento",
			"Escritório Contábil Lima", "Mercadinho Vila Mariana", "Clínica Bem-Estar"},
		mailHosts: []string{"email.example", "correio.example.br"},
		tags:      []string{"vip", "novo", "renovação", "inadimplente", "empresa", "pessoa física"},
	},
}

// Channels are the campaign channel codes (F7.1).
var Channels = []string{"voice", "whatsapp", "email", "webchat", "sms", "facebook", "instagram", "telegram"}

// customProfile is a demo profile beyond the two built-in ones.
type customProfile struct {
	name, role, icon, description string
	modules                       []string
}

var customProfiles = []customProfile{
	{"Supervisor", "admin", "people", "Coordina equipos y campañas de su sede",
		[]string{"users", "teams", "campaigns", "clients", "agenda", "reports"}},
	{"Agente sénior", "agent", "star", "Agente con acceso a sus propios informes",
		[]string{"clients", "agenda", "reports"}},
	{"Backoffice", "agent", "briefcase", "Gestión de clientes sin agenda",
		[]string{"clients"}},
}

var followupNotes = map[string][]string{
	"es": {"Llamar para confirmar la oferta", "Enviar contrato firmado", "Revisar factura pendiente",
		"Recordar renovación", "Volver a llamar por la tarde", "Confirmar portabilidad"},
	"pl": {"Zadzwonić w sprawie oferty", "Wysłać podpisaną umowę", "Sprawdzić zaległą fakturę",
		"Przypomnieć o odnowieniu", "Oddzwonić po południu", "Potwierdzić przeniesienie numeru"},
	"pt": {"Ligar para confirmar a oferta", "Enviar contrato assinado", "Verificar fatura pendente",
		"Lembrar a renovação", "Retornar a ligação à tarde", "Confirmar portabilidade"},
}
