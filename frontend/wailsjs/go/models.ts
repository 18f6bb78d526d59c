export namespace access {
	
	export class Profile {
	    id: string;
	    name: string;
	    role: string;
	    icon: string;
	    color: string;
	    description: string;
	    modules: string[];
	    builtin: boolean;
	    workspaceId: string;
	    editable: boolean;
	    users: number;
	    createdAt: string;
	    updatedAt: string;
	
	    static createFrom(source: any = {}) {
	        return new Profile(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.role = source["role"];
	        this.icon = source["icon"];
	        this.color = source["color"];
	        this.description = source["description"];
	        this.modules = source["modules"];
	        this.builtin = source["builtin"];
	        this.workspaceId = source["workspaceId"];
	        this.editable = source["editable"];
	        this.users = source["users"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	    }
	}
	export class ProfileInput {
	    name: string;
	    role: string;
	    icon: string;
	    description: string;
	    modules: string[];
	    workspaceId: string;
	
	    static createFrom(source: any = {}) {
	        return new ProfileInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.role = source["role"];
	        this.icon = source["icon"];
	        this.description = source["description"];
	        this.modules = source["modules"];
	        this.workspaceId = source["workspaceId"];
	    }
	}

}

export namespace accounts {
	
	export class ChangePasswordInput {
	    current: string;
	    password: string;
	    repeat: string;
	
	    static createFrom(source: any = {}) {
	        return new ChangePasswordInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.current = source["current"];
	        this.password = source["password"];
	        this.repeat = source["repeat"];
	    }
	}
	export class Enrollment {
	    secret: string;
	    uri: string;
	    qrPng: number[];
	
	    static createFrom(source: any = {}) {
	        return new Enrollment(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.secret = source["secret"];
	        this.uri = source["uri"];
	        this.qrPng = source["qrPng"];
	    }
	}
	export class LockoutPolicy {
	    maxFailures: number;
	    lockMinutes: number;
	
	    static createFrom(source: any = {}) {
	        return new LockoutPolicy(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.maxFailures = source["maxFailures"];
	        this.lockMinutes = source["lockMinutes"];
	    }
	}
	export class PasswordCheck {
	    password: string;
	    username: string;
	    email: string;
	    firstName: string;
	    lastName: string;
	
	    static createFrom(source: any = {}) {
	        return new PasswordCheck(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.password = source["password"];
	        this.username = source["username"];
	        this.email = source["email"];
	        this.firstName = source["firstName"];
	        this.lastName = source["lastName"];
	    }
	}
	export class Preferences {
	    language: string;
	    theme: string;
	
	    static createFrom(source: any = {}) {
	        return new Preferences(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.language = source["language"];
	        this.theme = source["theme"];
	    }
	}
	export class ResetWithCodeInput {
	    login: string;
	    code: string;
	    password: string;
	    repeat: string;
	
	    static createFrom(source: any = {}) {
	        return new ResetWithCodeInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.login = source["login"];
	        this.code = source["code"];
	        this.password = source["password"];
	        this.repeat = source["repeat"];
	    }
	}
	export class SMTPInput {
	    host: string;
	    port: number;
	    tls: string;
	    username: string;
	    password: string;
	    clearPassword: boolean;
	    from: string;
	    fromName: string;
	
	    static createFrom(source: any = {}) {
	        return new SMTPInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.host = source["host"];
	        this.port = source["port"];
	        this.tls = source["tls"];
	        this.username = source["username"];
	        this.password = source["password"];
	        this.clearPassword = source["clearPassword"];
	        this.from = source["from"];
	        this.fromName = source["fromName"];
	    }
	}
	export class SMTPSettings {
	    host: string;
	    port: number;
	    tls: string;
	    username: string;
	    from: string;
	    fromName: string;
	    passwordSet: boolean;
	    configured: boolean;
	
	    static createFrom(source: any = {}) {
	        return new SMTPSettings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.host = source["host"];
	        this.port = source["port"];
	        this.tls = source["tls"];
	        this.username = source["username"];
	        this.from = source["from"];
	        this.fromName = source["fromName"];
	        this.passwordSet = source["passwordSet"];
	        this.configured = source["configured"];
	    }
	}
	export class SecurityPolicy {
	    password: auth.PasswordPolicy;
	    lockout: LockoutPolicy;
	    requireTwoFactorForAdmins: boolean;
	
	    static createFrom(source: any = {}) {
	        return new SecurityPolicy(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.password = this.convertValues(source["password"], auth.PasswordPolicy);
	        this.lockout = this.convertValues(source["lockout"], LockoutPolicy);
	        this.requireTwoFactorForAdmins = source["requireTwoFactorForAdmins"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class WorkspaceRef {
	    id: string;
	    name: string;
	
	    static createFrom(source: any = {}) {
	        return new WorkspaceRef(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	    }
	}
	export class UserInfo {
	    id: string;
	    shortId: string;
	    username: string;
	    email: string;
	    firstName: string;
	    lastName: string;
	    displayName: string;
	    role: string;
	    profileId: string;
	    profileName: string;
	    language: string;
	    theme: string;
	    presence: string;
	    avatarId: string;
	    mustChangePassword: boolean;
	    mustSetUpTwoFactor: boolean;
	    twoFactorEnabled: boolean;
	
	    static createFrom(source: any = {}) {
	        return new UserInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.shortId = source["shortId"];
	        this.username = source["username"];
	        this.email = source["email"];
	        this.firstName = source["firstName"];
	        this.lastName = source["lastName"];
	        this.displayName = source["displayName"];
	        this.role = source["role"];
	        this.profileId = source["profileId"];
	        this.profileName = source["profileName"];
	        this.language = source["language"];
	        this.theme = source["theme"];
	        this.presence = source["presence"];
	        this.avatarId = source["avatarId"];
	        this.mustChangePassword = source["mustChangePassword"];
	        this.mustSetUpTwoFactor = source["mustSetUpTwoFactor"];
	        this.twoFactorEnabled = source["twoFactorEnabled"];
	    }
	}
	export class SessionInfo {
	    user: UserInfo;
	    modules: string[];
	    orgName: string;
	    workspaces: WorkspaceRef[];
	
	    static createFrom(source: any = {}) {
	        return new SessionInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.user = this.convertValues(source["user"], UserInfo);
	        this.modules = source["modules"];
	        this.orgName = source["orgName"];
	        this.workspaces = this.convertValues(source["workspaces"], WorkspaceRef);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SetupInput {
	    orgName: string;
	    workspaceName: string;
	    firstName: string;
	    lastName: string;
	    username: string;
	    email: string;
	    password: string;
	    language: string;
	
	    static createFrom(source: any = {}) {
	        return new SetupInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.orgName = source["orgName"];
	        this.workspaceName = source["workspaceName"];
	        this.firstName = source["firstName"];
	        this.lastName = source["lastName"];
	        this.username = source["username"];
	        this.email = source["email"];
	        this.password = source["password"];
	        this.language = source["language"];
	    }
	}
	export class TwoFactorStatus {
	    enabled: boolean;
	    pending: boolean;
	    required: boolean;
	    recoveryCodesLeft: number;
	
	    static createFrom(source: any = {}) {
	        return new TwoFactorStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.enabled = source["enabled"];
	        this.pending = source["pending"];
	        this.required = source["required"];
	        this.recoveryCodesLeft = source["recoveryCodesLeft"];
	    }
	}
	
	export class WorkPreferences {
	    notifyFrequency: string;
	    idleMinutes: number;
	
	    static createFrom(source: any = {}) {
	        return new WorkPreferences(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.notifyFrequency = source["notifyFrequency"];
	        this.idleMinutes = source["idleMinutes"];
	    }
	}

}

export namespace agenda {
	
	export class ClientOption {
	    id: string;
	    name: string;
	    phone: string;
	    ownerId: string;
	    ownerName: string;
	
	    static createFrom(source: any = {}) {
	        return new ClientOption(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.phone = source["phone"];
	        this.ownerId = source["ownerId"];
	        this.ownerName = source["ownerName"];
	    }
	}
	export class Counts {
	    overdue: number;
	    dueToday: number;
	
	    static createFrom(source: any = {}) {
	        return new Counts(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.overdue = source["overdue"];
	        this.dueToday = source["dueToday"];
	    }
	}
	export class Edit {
	    dueAt?: string;
	    note?: string;
	    ownerId?: string;
	
	    static createFrom(source: any = {}) {
	        return new Edit(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.dueAt = source["dueAt"];
	        this.note = source["note"];
	        this.ownerId = source["ownerId"];
	    }
	}
	export class Followup {
	    id: string;
	    clientId: string;
	    clientName: string;
	    clientPhone: string;
	    workspaceId: string;
	    ownerId: string;
	    ownerName: string;
	    ownerAvatarId: string;
	    dueAt: string;
	    note: string;
	    done: boolean;
	    doneAt: string;
	    overdue: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Followup(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.clientId = source["clientId"];
	        this.clientName = source["clientName"];
	        this.clientPhone = source["clientPhone"];
	        this.workspaceId = source["workspaceId"];
	        this.ownerId = source["ownerId"];
	        this.ownerName = source["ownerName"];
	        this.ownerAvatarId = source["ownerAvatarId"];
	        this.dueAt = source["dueAt"];
	        this.note = source["note"];
	        this.done = source["done"];
	        this.doneAt = source["doneAt"];
	        this.overdue = source["overdue"];
	    }
	}
	export class Input {
	    clientId: string;
	    ownerId: string;
	    dueAt: string;
	    note: string;
	
	    static createFrom(source: any = {}) {
	        return new Input(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.clientId = source["clientId"];
	        this.ownerId = source["ownerId"];
	        this.dueAt = source["dueAt"];
	        this.note = source["note"];
	    }
	}
	export class ListQuery {
	    ownerIds: string[];
	    clientId: string;
	    status: string;
	    zone: string;
	    offset: number;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new ListQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ownerIds = source["ownerIds"];
	        this.clientId = source["clientId"];
	        this.status = source["status"];
	        this.zone = source["zone"];
	        this.offset = source["offset"];
	        this.limit = source["limit"];
	    }
	}
	export class Page {
	    items: Followup[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new Page(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], Followup);
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class RangeQuery {
	    from: string;
	    to: string;
	    zone: string;
	    ownerIds: string[];
	
	    static createFrom(source: any = {}) {
	        return new RangeQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.from = source["from"];
	        this.to = source["to"];
	        this.zone = source["zone"];
	        this.ownerIds = source["ownerIds"];
	    }
	}
	export class RangeResult {
	    items: Followup[];
	    fromUtc: string;
	    toUtc: string;
	    truncated: boolean;
	
	    static createFrom(source: any = {}) {
	        return new RangeResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], Followup);
	        this.fromUtc = source["fromUtc"];
	        this.toUtc = source["toUtc"];
	        this.truncated = source["truncated"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace app {
	
	export class AboutInfo {
	    version: string;
	    commit: string;
	    date: string;
	    dataDir: string;
	    logDir: string;
	    os: string;
	
	    static createFrom(source: any = {}) {
	        return new AboutInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.version = source["version"];
	        this.commit = source["commit"];
	        this.date = source["date"];
	        this.dataDir = source["dataDir"];
	        this.logDir = source["logDir"];
	        this.os = source["os"];
	    }
	}
	export class AvatarFile {
	    cancelled: boolean;
	    name: string;
	    dataBase64: string;
	
	    static createFrom(source: any = {}) {
	        return new AvatarFile(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.cancelled = source["cancelled"];
	        this.name = source["name"];
	        this.dataBase64 = source["dataBase64"];
	    }
	}
	export class BackupInfo {
	    path: string;
	    at: string;
	    size: number;
	
	    static createFrom(source: any = {}) {
	        return new BackupInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.at = source["at"];
	        this.size = source["size"];
	    }
	}
	export class BackupStatus {
	    lastAuto?: BackupInfo;
	    count: number;
	    retention: number;
	    dir: string;
	
	    static createFrom(source: any = {}) {
	        return new BackupStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.lastAuto = this.convertValues(source["lastAuto"], BackupInfo);
	        this.count = source["count"];
	        this.retention = source["retention"];
	        this.dir = source["dir"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Boot {
	    needsSetup: boolean;
	    session?: accounts.SessionInfo;
	    version: string;
	    workstationId: string;
	
	    static createFrom(source: any = {}) {
	        return new Boot(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.needsSetup = source["needsSetup"];
	        this.session = this.convertValues(source["session"], accounts.SessionInfo);
	        this.version = source["version"];
	        this.workstationId = source["workstationId"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class BulkSaved {
	    cancelled: boolean;
	    path: string;
	    saveError: string;
	    result?: invites.BulkResult;
	
	    static createFrom(source: any = {}) {
	        return new BulkSaved(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.cancelled = source["cancelled"];
	        this.path = source["path"];
	        this.saveError = source["saveError"];
	        this.result = this.convertValues(source["result"], invites.BulkResult);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ClientImportFile {
	    cancelled: boolean;
	    fileName: string;
	    preview?: clients.ImportPreview;
	
	    static createFrom(source: any = {}) {
	        return new ClientImportFile(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.cancelled = source["cancelled"];
	        this.fileName = source["fileName"];
	        this.preview = this.convertValues(source["preview"], clients.ImportPreview);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class CodeRequest {
	    code: string;
	
	    static createFrom(source: any = {}) {
	        return new CodeRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	    }
	}
	export class DemoSetup {
	    session?: accounts.SessionInfo;
	    demo?: demo.Summary;
	
	    static createFrom(source: any = {}) {
	        return new DemoSetup(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.session = this.convertValues(source["session"], accounts.SessionInfo);
	        this.demo = this.convertValues(source["demo"], demo.Summary);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class FileResult {
	    cancelled: boolean;
	    path: string;
	
	    static createFrom(source: any = {}) {
	        return new FileResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.cancelled = source["cancelled"];
	        this.path = source["path"];
	    }
	}
	export class ImportFile {
	    cancelled: boolean;
	    fileName: string;
	    preview?: users.ImportPreview;
	
	    static createFrom(source: any = {}) {
	        return new ImportFile(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.cancelled = source["cancelled"];
	        this.fileName = source["fileName"];
	        this.preview = this.convertValues(source["preview"], users.ImportPreview);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class MailStatus {
	    configured: boolean;
	
	    static createFrom(source: any = {}) {
	        return new MailStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.configured = source["configured"];
	    }
	}
	export class PasswordRequest {
	    password: string;
	
	    static createFrom(source: any = {}) {
	        return new PasswordRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.password = source["password"];
	    }
	}
	export class PatternPreview {
	    firstUsername: string;
	    firstEmail: string;
	    lastUsername: string;
	    lastEmail: string;
	
	    static createFrom(source: any = {}) {
	        return new PatternPreview(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.firstUsername = source["firstUsername"];
	        this.firstEmail = source["firstEmail"];
	        this.lastUsername = source["lastUsername"];
	        this.lastEmail = source["lastEmail"];
	    }
	}
	export class PresenceRequest {
	    presence: string;
	
	    static createFrom(source: any = {}) {
	        return new PresenceRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.presence = source["presence"];
	    }
	}
	export class ProfileOptions {
	    icons: string[];
	    modules: string[];
	    agentModules: string[];
	    colors: Record<string, string>;
	    maxName: number;
	    maxDescription: number;
	
	    static createFrom(source: any = {}) {
	        return new ProfileOptions(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.icons = source["icons"];
	        this.modules = source["modules"];
	        this.agentModules = source["agentModules"];
	        this.colors = source["colors"];
	        this.maxName = source["maxName"];
	        this.maxDescription = source["maxDescription"];
	    }
	}
	export class RecoveryCodes {
	    codes: string[];
	
	    static createFrom(source: any = {}) {
	        return new RecoveryCodes(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.codes = source["codes"];
	    }
	}
	export class RemoveAvatarRequest {
	    userId: string;
	
	    static createFrom(source: any = {}) {
	        return new RemoveAvatarRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.userId = source["userId"];
	    }
	}
	export class RequestResetRequest {
	    login: string;
	
	    static createFrom(source: any = {}) {
	        return new RequestResetRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.login = source["login"];
	    }
	}
	export class ResetPasswordRequest {
	    userId: string;
	    password: string;
	    repeat: string;
	    generate: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ResetPasswordRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.userId = source["userId"];
	        this.password = source["password"];
	        this.repeat = source["repeat"];
	        this.generate = source["generate"];
	    }
	}
	export class ResetPasswordResult {
	    password: string;
	
	    static createFrom(source: any = {}) {
	        return new ResetPasswordResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.password = source["password"];
	    }
	}
	export class SaveRecoveryCodesRequest {
	    heading: string;
	    codes: string[];
	
	    static createFrom(source: any = {}) {
	        return new SaveRecoveryCodesRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.heading = source["heading"];
	        this.codes = source["codes"];
	    }
	}
	export class SavedFile {
	    cancelled: boolean;
	    path: string;
	
	    static createFrom(source: any = {}) {
	        return new SavedFile(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.cancelled = source["cancelled"];
	        this.path = source["path"];
	    }
	}
	export class SecondFactorRequest {
	    challengeId: string;
	    code: string;
	
	    static createFrom(source: any = {}) {
	        return new SecondFactorRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.challengeId = source["challengeId"];
	        this.code = source["code"];
	    }
	}
	export class SendTestMailRequest {
	    to: string;
	
	    static createFrom(source: any = {}) {
	        return new SendTestMailRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.to = source["to"];
	    }
	}
	export class SetAvatarRequest {
	    userId: string;
	    dataBase64: string;
	    crop: avatar.Crop;
	
	    static createFrom(source: any = {}) {
	        return new SetAvatarRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.userId = source["userId"];
	        this.dataBase64 = source["dataBase64"];
	        this.crop = this.convertValues(source["crop"], avatar.Crop);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SetAvatarResult {
	    avatarId: string;
	
	    static createFrom(source: any = {}) {
	        return new SetAvatarResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.avatarId = source["avatarId"];
	    }
	}
	export class SignInRequest {
	    login: string;
	    password: string;
	
	    static createFrom(source: any = {}) {
	        return new SignInRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.login = source["login"];
	        this.password = source["password"];
	    }
	}
	export class StartupStatus {
	    ok: boolean;
	    code: string;
	    dataDir: string;
	    dbPath: string;
	    latestBackup?: BackupInfo;
	    check: string;
	
	    static createFrom(source: any = {}) {
	        return new StartupStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ok = source["ok"];
	        this.code = source["code"];
	        this.dataDir = source["dataDir"];
	        this.dbPath = source["dbPath"];
	        this.latestBackup = this.convertValues(source["latestBackup"], BackupInfo);
	        this.check = source["check"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace apperr {
	
	export class Error {
	    code: string;
	    field?: string;
	    params?: Record<string, any>;
	
	    static createFrom(source: any = {}) {
	        return new Error(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.field = source["field"];
	        this.params = source["params"];
	    }
	}

}

export namespace audit {
	
	export class Entry {
	    id: string;
	    at: string;
	    actorId: string;
	    actorName: string;
	    actorAvatarId: string;
	    workstationId: string;
	    entity: string;
	    entityId: string;
	    entityName: string;
	    action: string;
	    changes: store.FieldChange[];
	
	    static createFrom(source: any = {}) {
	        return new Entry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.at = source["at"];
	        this.actorId = source["actorId"];
	        this.actorName = source["actorName"];
	        this.actorAvatarId = source["actorAvatarId"];
	        this.workstationId = source["workstationId"];
	        this.entity = source["entity"];
	        this.entityId = source["entityId"];
	        this.entityName = source["entityName"];
	        this.action = source["action"];
	        this.changes = this.convertValues(source["changes"], store.FieldChange);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Page {
	    rows: Entry[];
	    next: string;
	
	    static createFrom(source: any = {}) {
	        return new Page(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.rows = this.convertValues(source["rows"], Entry);
	        this.next = source["next"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Query {
	    actorId: string;
	    entity: string;
	    entityId: string;
	    action: string;
	    workstationId: string;
	    from: string;
	    to: string;
	    search: string;
	    cursor: string;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new Query(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.actorId = source["actorId"];
	        this.entity = source["entity"];
	        this.entityId = source["entityId"];
	        this.action = source["action"];
	        this.workstationId = source["workstationId"];
	        this.from = source["from"];
	        this.to = source["to"];
	        this.search = source["search"];
	        this.cursor = source["cursor"];
	        this.limit = source["limit"];
	    }
	}

}

export namespace auth {
	
	export class Failure {
	    code: string;
	    params?: Record<string, any>;
	
	    static createFrom(source: any = {}) {
	        return new Failure(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.params = source["params"];
	    }
	}
	export class PasswordPolicy {
	    minLength: number;
	    maxLength: number;
	    requireDigit: boolean;
	    requireUpper: boolean;
	    requireLower: boolean;
	    requireSpecial: boolean;
	    blockCommon: boolean;
	    historyCount: number;
	    maxAgeDays: number;
	    twoFactorRequired: boolean;
	
	    static createFrom(source: any = {}) {
	        return new PasswordPolicy(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.minLength = source["minLength"];
	        this.maxLength = source["maxLength"];
	        this.requireDigit = source["requireDigit"];
	        this.requireUpper = source["requireUpper"];
	        this.requireLower = source["requireLower"];
	        this.requireSpecial = source["requireSpecial"];
	        this.blockCommon = source["blockCommon"];
	        this.historyCount = source["historyCount"];
	        this.maxAgeDays = source["maxAgeDays"];
	        this.twoFactorRequired = source["twoFactorRequired"];
	    }
	}
	export class Report {
	    ok: boolean;
	    length: number;
	    min: number;
	    max: number;
	    failures: Failure[];
	
	    static createFrom(source: any = {}) {
	        return new Report(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ok = source["ok"];
	        this.length = source["length"];
	        this.min = source["min"];
	        this.max = source["max"];
	        this.failures = this.convertValues(source["failures"], Failure);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace avatar {
	
	export class Crop {
	    x: number;
	    y: number;
	    size: number;
	
	    static createFrom(source: any = {}) {
	        return new Crop(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.x = source["x"];
	        this.y = source["y"];
	        this.size = source["size"];
	    }
	}

}

export namespace clients {
	
	export class Client {
	    id: string;
	    shortId: string;
	    name: string;
	    documentId: string;
	    phone: string;
	    email: string;
	    workspaceId: string;
	    workspaceName: string;
	    tags: string[];
	    notes: string;
	    ownerId: string;
	    ownerName: string;
	    ownerUsername: string;
	    ownerAvatarId: string;
	    openFollowups: number;
	    createdAt: string;
	    updatedAt: string;
	
	    static createFrom(source: any = {}) {
	        return new Client(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.shortId = source["shortId"];
	        this.name = source["name"];
	        this.documentId = source["documentId"];
	        this.phone = source["phone"];
	        this.email = source["email"];
	        this.workspaceId = source["workspaceId"];
	        this.workspaceName = source["workspaceName"];
	        this.tags = source["tags"];
	        this.notes = source["notes"];
	        this.ownerId = source["ownerId"];
	        this.ownerName = source["ownerName"];
	        this.ownerUsername = source["ownerUsername"];
	        this.ownerAvatarId = source["ownerAvatarId"];
	        this.openFollowups = source["openFollowups"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	    }
	}
	export class ImportOptions {
	    onlyValid: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ImportOptions(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.onlyValid = source["onlyValid"];
	    }
	}
	export class ImportRow {
	    line: number;
	    name: string;
	    documentId: string;
	    phone: string;
	    email: string;
	    workspace: string;
	    tags: string[];
	    notes: string;
	    owner: string;
	    workspaceId: string;
	    ownerId: string;
	    errors: apperr.Error[];
	
	    static createFrom(source: any = {}) {
	        return new ImportRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.line = source["line"];
	        this.name = source["name"];
	        this.documentId = source["documentId"];
	        this.phone = source["phone"];
	        this.email = source["email"];
	        this.workspace = source["workspace"];
	        this.tags = source["tags"];
	        this.notes = source["notes"];
	        this.owner = source["owner"];
	        this.workspaceId = source["workspaceId"];
	        this.ownerId = source["ownerId"];
	        this.errors = this.convertValues(source["errors"], apperr.Error);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ImportPreview {
	    rows: ImportRow[];
	    valid: number;
	    invalid: number;
	
	    static createFrom(source: any = {}) {
	        return new ImportPreview(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.rows = this.convertValues(source["rows"], ImportRow);
	        this.valid = source["valid"];
	        this.invalid = source["invalid"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ImportResult {
	    created: number;
	    skipped: number;
	
	    static createFrom(source: any = {}) {
	        return new ImportResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.created = source["created"];
	        this.skipped = source["skipped"];
	    }
	}
	
	export class Input {
	    name: string;
	    documentId: string;
	    phone: string;
	    email: string;
	    workspaceId: string;
	    tags: string[];
	    notes: string;
	    ownerId: string;
	
	    static createFrom(source: any = {}) {
	        return new Input(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.documentId = source["documentId"];
	        this.phone = source["phone"];
	        this.email = source["email"];
	        this.workspaceId = source["workspaceId"];
	        this.tags = source["tags"];
	        this.notes = source["notes"];
	        this.ownerId = source["ownerId"];
	    }
	}
	export class Sort {
	    field: string;
	    dir: string;
	
	    static createFrom(source: any = {}) {
	        return new Sort(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.field = source["field"];
	        this.dir = source["dir"];
	    }
	}
	export class ListQuery {
	    search: string;
	    ownerIds: string[];
	    unassigned: boolean;
	    workspaces: string[];
	    tags: string[];
	    sort: Sort;
	    offset: number;
	    limit: number;
	    after: string;
	
	    static createFrom(source: any = {}) {
	        return new ListQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.search = source["search"];
	        this.ownerIds = source["ownerIds"];
	        this.unassigned = source["unassigned"];
	        this.workspaces = source["workspaces"];
	        this.tags = source["tags"];
	        this.sort = this.convertValues(source["sort"], Sort);
	        this.offset = source["offset"];
	        this.limit = source["limit"];
	        this.after = source["after"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class MoveRequest {
	    fromUserId: string;
	    clientIds: string[];
	    allUnassigned: boolean;
	    toUserIds: string[];
	
	    static createFrom(source: any = {}) {
	        return new MoveRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.fromUserId = source["fromUserId"];
	        this.clientIds = source["clientIds"];
	        this.allUnassigned = source["allUnassigned"];
	        this.toUserIds = source["toUserIds"];
	    }
	}
	export class MoveResult {
	    clients: number;
	    followups: number;
	    perRecipient: Record<string, number>;
	    summary: string;
	
	    static createFrom(source: any = {}) {
	        return new MoveResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.clients = source["clients"];
	        this.followups = source["followups"];
	        this.perRecipient = source["perRecipient"];
	        this.summary = source["summary"];
	    }
	}
	export class Ref {
	    id: string;
	    name: string;
	
	    static createFrom(source: any = {}) {
	        return new Ref(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	    }
	}
	export class Options {
	    workspaces: Ref[];
	    tags: string[];
	
	    static createFrom(source: any = {}) {
	        return new Options(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.workspaces = this.convertValues(source["workspaces"], Ref);
	        this.tags = source["tags"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Page {
	    rows: Client[];
	    total: number;
	    next: string;
	
	    static createFrom(source: any = {}) {
	        return new Page(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.rows = this.convertValues(source["rows"], Client);
	        this.total = source["total"];
	        this.next = source["next"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	

}

export namespace dashboard {
	
	export class CampaignStaff {
	    id: string;
	    name: string;
	    workspaceId: string;
	    active: boolean;
	    agents: number;
	    supervisors: number;
	
	    static createFrom(source: any = {}) {
	        return new CampaignStaff(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.workspaceId = source["workspaceId"];
	        this.active = source["active"];
	        this.agents = source["agents"];
	        this.supervisors = source["supervisors"];
	    }
	}
	export class CampaignFigures {
	    total: number;
	    active: number;
	    staff: CampaignStaff[];
	
	    static createFrom(source: any = {}) {
	        return new CampaignFigures(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.total = source["total"];
	        this.active = source["active"];
	        this.staff = this.convertValues(source["staff"], CampaignStaff);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class Count {
	    key: string;
	    count: number;
	
	    static createFrom(source: any = {}) {
	        return new Count(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.count = source["count"];
	    }
	}
	export class OwnerFollowups {
	    userId: string;
	    name: string;
	    overdue: number;
	    today: number;
	
	    static createFrom(source: any = {}) {
	        return new OwnerFollowups(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.userId = source["userId"];
	        this.name = source["name"];
	        this.overdue = source["overdue"];
	        this.today = source["today"];
	    }
	}
	export class FollowupFigures {
	    overdue: number;
	    today: number;
	    byOwner: OwnerFollowups[];
	    restOwners: number;
	
	    static createFrom(source: any = {}) {
	        return new FollowupFigures(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.overdue = source["overdue"];
	        this.today = source["today"];
	        this.byOwner = this.convertValues(source["byOwner"], OwnerFollowups);
	        this.restOwners = source["restOwners"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class OwnerCount {
	    userId: string;
	    name: string;
	    count: number;
	
	    static createFrom(source: any = {}) {
	        return new OwnerCount(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.userId = source["userId"];
	        this.name = source["name"];
	        this.count = source["count"];
	    }
	}
	export class PortfolioFigures {
	    clients: number;
	    unassigned: number;
	    owners: number;
	    top: OwnerCount[];
	    restOwners: number;
	    restClients: number;
	    min: number;
	    median: number;
	    max: number;
	
	    static createFrom(source: any = {}) {
	        return new PortfolioFigures(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.clients = source["clients"];
	        this.unassigned = source["unassigned"];
	        this.owners = source["owners"];
	        this.top = this.convertValues(source["top"], OwnerCount);
	        this.restOwners = source["restOwners"];
	        this.restClients = source["restClients"];
	        this.min = source["min"];
	        this.median = source["median"];
	        this.max = source["max"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ProfileCount {
	    id: string;
	    name: string;
	    role: string;
	    icon: string;
	    builtin: boolean;
	    count: number;
	
	    static createFrom(source: any = {}) {
	        return new ProfileCount(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.role = source["role"];
	        this.icon = source["icon"];
	        this.builtin = source["builtin"];
	        this.count = source["count"];
	    }
	}
	export class UsersFigures {
	    total: number;
	    byStatus: Count[];
	    byProfile: ProfileCount[];
	    presence: Count[];
	
	    static createFrom(source: any = {}) {
	        return new UsersFigures(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.total = source["total"];
	        this.byStatus = this.convertValues(source["byStatus"], Count);
	        this.byProfile = this.convertValues(source["byProfile"], ProfileCount);
	        this.presence = this.convertValues(source["presence"], Count);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Option {
	    id: string;
	    name: string;
	
	    static createFrom(source: any = {}) {
	        return new Option(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	    }
	}
	export class Figures {
	    scope: string;
	    workspaceId: string;
	    workspaces: Option[];
	    today: string;
	    users: UsersFigures;
	    campaigns: CampaignFigures;
	    portfolio: PortfolioFigures;
	    followups: FollowupFigures;
	
	    static createFrom(source: any = {}) {
	        return new Figures(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.scope = source["scope"];
	        this.workspaceId = source["workspaceId"];
	        this.workspaces = this.convertValues(source["workspaces"], Option);
	        this.today = source["today"];
	        this.users = this.convertValues(source["users"], UsersFigures);
	        this.campaigns = this.convertValues(source["campaigns"], CampaignFigures);
	        this.portfolio = this.convertValues(source["portfolio"], PortfolioFigures);
	        this.followups = this.convertValues(source["followups"], FollowupFigures);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class GettingStarted {
	    applies: boolean;
	    people: number;
	    customProfiles: number;
	    teams: number;
	    campaigns: number;
	    clients: number;
	
	    static createFrom(source: any = {}) {
	        return new GettingStarted(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.applies = source["applies"];
	        this.people = source["people"];
	        this.customProfiles = source["customProfiles"];
	        this.teams = source["teams"];
	        this.campaigns = source["campaigns"];
	        this.clients = source["clients"];
	    }
	}
	
	
	
	
	
	export class Query {
	    workspaceId: string;
	    top: number;
	
	    static createFrom(source: any = {}) {
	        return new Query(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.workspaceId = source["workspaceId"];
	        this.top = source["top"];
	    }
	}

}

export namespace demo {
	
	export class Summary {
	    workspaces: number;
	    users: number;
	    teams: number;
	    campaigns: number;
	    clients: number;
	    followups: number;
	    password: string;
	    adminLogin: string;
	    agentLogin: string;
	    elapsedMs: number;
	
	    static createFrom(source: any = {}) {
	        return new Summary(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.workspaces = source["workspaces"];
	        this.users = source["users"];
	        this.teams = source["teams"];
	        this.campaigns = source["campaigns"];
	        this.clients = source["clients"];
	        this.followups = source["followups"];
	        this.password = source["password"];
	        this.adminLogin = source["adminLogin"];
	        this.agentLogin = source["agentLogin"];
	        this.elapsedMs = source["elapsedMs"];
	    }
	}

}

export namespace invites {
	
	export class AcceptInput {
	    username: string;
	    firstName: string;
	    lastName: string;
	    phone: string;
	    language: string;
	    password: string;
	    repeat: string;
	
	    static createFrom(source: any = {}) {
	        return new AcceptInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.username = source["username"];
	        this.firstName = source["firstName"];
	        this.lastName = source["lastName"];
	        this.phone = source["phone"];
	        this.language = source["language"];
	        this.password = source["password"];
	        this.repeat = source["repeat"];
	    }
	}
	export class Accepted {
	    userId: string;
	    username: string;
	
	    static createFrom(source: any = {}) {
	        return new Accepted(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.userId = source["userId"];
	        this.username = source["username"];
	    }
	}
	export class BulkAccount {
	    userId: string;
	    username: string;
	    email: string;
	    password: string;
	
	    static createFrom(source: any = {}) {
	        return new BulkAccount(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.userId = source["userId"];
	        this.username = source["username"];
	        this.email = source["email"];
	        this.password = source["password"];
	    }
	}
	export class BulkInput {
	    profileId: string;
	    workspaceIds: string[];
	    count: number;
	    pattern: string;
	    start: number;
	    language: string;
	
	    static createFrom(source: any = {}) {
	        return new BulkInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.profileId = source["profileId"];
	        this.workspaceIds = source["workspaceIds"];
	        this.count = source["count"];
	        this.pattern = source["pattern"];
	        this.start = source["start"];
	        this.language = source["language"];
	    }
	}
	export class BulkResult {
	    accounts: BulkAccount[];
	    text: string;
	    fileName: string;
	    skipped: number;
	
	    static createFrom(source: any = {}) {
	        return new BulkResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.accounts = this.convertValues(source["accounts"], BulkAccount);
	        this.text = source["text"];
	        this.fileName = source["fileName"];
	        this.skipped = source["skipped"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class EditInput {
	    profileId: string;
	    workspaceIds: string[];
	
	    static createFrom(source: any = {}) {
	        return new EditInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.profileId = source["profileId"];
	        this.workspaceIds = source["workspaceIds"];
	    }
	}
	export class InvitationInfo {
	    email: string;
	    username: string;
	    orgName: string;
	    profileName: string;
	    role: string;
	    language: string;
	    expiresAt: string;
	
	    static createFrom(source: any = {}) {
	        return new InvitationInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.email = source["email"];
	        this.username = source["username"];
	        this.orgName = source["orgName"];
	        this.profileName = source["profileName"];
	        this.role = source["role"];
	        this.language = source["language"];
	        this.expiresAt = source["expiresAt"];
	    }
	}
	export class InvitationView {
	    id: string;
	    userId: string;
	    email: string;
	    profileId: string;
	    profileName: string;
	    role: string;
	    color: string;
	    workspaceIds: string[];
	    invitedBy: string;
	    invitedByName: string;
	    createdAt: string;
	    expiresAt: string;
	    expired: boolean;
	
	    static createFrom(source: any = {}) {
	        return new InvitationView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.userId = source["userId"];
	        this.email = source["email"];
	        this.profileId = source["profileId"];
	        this.profileName = source["profileName"];
	        this.role = source["role"];
	        this.color = source["color"];
	        this.workspaceIds = source["workspaceIds"];
	        this.invitedBy = source["invitedBy"];
	        this.invitedByName = source["invitedByName"];
	        this.createdAt = source["createdAt"];
	        this.expiresAt = source["expiresAt"];
	        this.expired = source["expired"];
	    }
	}
	export class Invited {
	    invitationId: string;
	    userId: string;
	    email: string;
	    username: string;
	    code: string;
	    expiresAt: string;
	    emailed: boolean;
	    mailError: string;
	
	    static createFrom(source: any = {}) {
	        return new Invited(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.invitationId = source["invitationId"];
	        this.userId = source["userId"];
	        this.email = source["email"];
	        this.username = source["username"];
	        this.code = source["code"];
	        this.expiresAt = source["expiresAt"];
	        this.emailed = source["emailed"];
	        this.mailError = source["mailError"];
	    }
	}
	export class InviteResult {
	    invitations: Invited[];
	    mailConfigured: boolean;
	
	    static createFrom(source: any = {}) {
	        return new InviteResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.invitations = this.convertValues(source["invitations"], Invited);
	        this.mailConfigured = source["mailConfigured"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class InviteRow {
	    emails: string[];
	    profileId: string;
	    workspaceIds: string[];
	    language: string;
	
	    static createFrom(source: any = {}) {
	        return new InviteRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.emails = source["emails"];
	        this.profileId = source["profileId"];
	        this.workspaceIds = source["workspaceIds"];
	        this.language = source["language"];
	    }
	}

}

export namespace org {
	
	export class CampaignMember {
	    id: string;
	    displayName: string;
	    username: string;
	    avatarId: string;
	    role: string;
	    active: boolean;
	    campaignRole: string;
	    channels: string[];
	
	    static createFrom(source: any = {}) {
	        return new CampaignMember(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.displayName = source["displayName"];
	        this.username = source["username"];
	        this.avatarId = source["avatarId"];
	        this.role = source["role"];
	        this.active = source["active"];
	        this.campaignRole = source["campaignRole"];
	        this.channels = source["channels"];
	    }
	}
	export class Campaign {
	    id: string;
	    name: string;
	    workspaceId: string;
	    workspaceName: string;
	    active: boolean;
	    channels: string[];
	    startsOn: string;
	    endsOn: string;
	    description: string;
	    memberCount: number;
	    isMember: boolean;
	    canEdit: boolean;
	    members?: CampaignMember[];
	
	    static createFrom(source: any = {}) {
	        return new Campaign(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.workspaceId = source["workspaceId"];
	        this.workspaceName = source["workspaceName"];
	        this.active = source["active"];
	        this.channels = source["channels"];
	        this.startsOn = source["startsOn"];
	        this.endsOn = source["endsOn"];
	        this.description = source["description"];
	        this.memberCount = source["memberCount"];
	        this.isMember = source["isMember"];
	        this.canEdit = source["canEdit"];
	        this.members = this.convertValues(source["members"], CampaignMember);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class MemberInput {
	    userId: string;
	    role: string;
	    channels: string[];
	
	    static createFrom(source: any = {}) {
	        return new MemberInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.userId = source["userId"];
	        this.role = source["role"];
	        this.channels = source["channels"];
	    }
	}
	export class CampaignInput {
	    name: string;
	    workspaceId: string;
	    active: boolean;
	    channels: string[];
	    startsOn: string;
	    endsOn: string;
	    description: string;
	    members: MemberInput[];
	
	    static createFrom(source: any = {}) {
	        return new CampaignInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.workspaceId = source["workspaceId"];
	        this.active = source["active"];
	        this.channels = source["channels"];
	        this.startsOn = source["startsOn"];
	        this.endsOn = source["endsOn"];
	        this.description = source["description"];
	        this.members = this.convertValues(source["members"], MemberInput);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class CampaignQuery {
	    search: string;
	    workspaceId: string;
	    active: string;
	
	    static createFrom(source: any = {}) {
	        return new CampaignQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.search = source["search"];
	        this.workspaceId = source["workspaceId"];
	        this.active = source["active"];
	    }
	}
	
	export class Person {
	    id: string;
	    displayName: string;
	    username: string;
	    avatarId: string;
	    role: string;
	    active: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Person(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.displayName = source["displayName"];
	        this.username = source["username"];
	        this.avatarId = source["avatarId"];
	        this.role = source["role"];
	        this.active = source["active"];
	    }
	}
	export class Ref {
	    id: string;
	    name: string;
	
	    static createFrom(source: any = {}) {
	        return new Ref(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	    }
	}
	export class Team {
	    id: string;
	    name: string;
	    workspaceId: string;
	    workspaceName: string;
	    leaderId: string;
	    leaderName: string;
	    leaderAvatarId: string;
	    active: boolean;
	    description: string;
	    memberCount: number;
	    canEdit: boolean;
	    members?: Person[];
	
	    static createFrom(source: any = {}) {
	        return new Team(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.workspaceId = source["workspaceId"];
	        this.workspaceName = source["workspaceName"];
	        this.leaderId = source["leaderId"];
	        this.leaderName = source["leaderName"];
	        this.leaderAvatarId = source["leaderAvatarId"];
	        this.active = source["active"];
	        this.description = source["description"];
	        this.memberCount = source["memberCount"];
	        this.canEdit = source["canEdit"];
	        this.members = this.convertValues(source["members"], Person);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class TeamInput {
	    name: string;
	    workspaceId: string;
	    leaderId: string;
	    active: boolean;
	    description: string;
	    memberIds: string[];
	
	    static createFrom(source: any = {}) {
	        return new TeamInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.workspaceId = source["workspaceId"];
	        this.leaderId = source["leaderId"];
	        this.active = source["active"];
	        this.description = source["description"];
	        this.memberIds = source["memberIds"];
	    }
	}
	export class TeamQuery {
	    search: string;
	    workspaceId: string;
	    active: string;
	
	    static createFrom(source: any = {}) {
	        return new TeamQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.search = source["search"];
	        this.workspaceId = source["workspaceId"];
	        this.active = source["active"];
	    }
	}
	export class UserCampaign {
	    campaignId: string;
	    name: string;
	    workspaceName: string;
	    active: boolean;
	    campaignChannels: string[];
	    role: string;
	    channels: string[];
	    canEdit: boolean;
	
	    static createFrom(source: any = {}) {
	        return new UserCampaign(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.campaignId = source["campaignId"];
	        this.name = source["name"];
	        this.workspaceName = source["workspaceName"];
	        this.active = source["active"];
	        this.campaignChannels = source["campaignChannels"];
	        this.role = source["role"];
	        this.channels = source["channels"];
	        this.canEdit = source["canEdit"];
	    }
	}
	export class UserCampaigns {
	    campaigns: UserCampaign[];
	    available: Ref[];
	
	    static createFrom(source: any = {}) {
	        return new UserCampaigns(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.campaigns = this.convertValues(source["campaigns"], UserCampaign);
	        this.available = this.convertValues(source["available"], Ref);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Workspace {
	    id: string;
	    name: string;
	    archived: boolean;
	    users: number;
	    teams: number;
	    campaigns: number;
	    activeCampaigns: number;
	    clients: number;
	    createdAt: string;
	
	    static createFrom(source: any = {}) {
	        return new Workspace(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.archived = source["archived"];
	        this.users = source["users"];
	        this.teams = source["teams"];
	        this.campaigns = source["campaigns"];
	        this.activeCampaigns = source["activeCampaigns"];
	        this.clients = source["clients"];
	        this.createdAt = source["createdAt"];
	    }
	}

}

export namespace store {
	
	export class Conflict {
	    id: number;
	    source: string;
	    table: string;
	    rowId: string;
	    hlc: string;
	    code: string;
	    field: string;
	    deleted: boolean;
	    fields: Record<string, any>;
	    actorId: string;
	    deviceId: string;
	    createdAt: string;
	    resolvedAt: string;
	    resolution: string;
	
	    static createFrom(source: any = {}) {
	        return new Conflict(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.source = source["source"];
	        this.table = source["table"];
	        this.rowId = source["rowId"];
	        this.hlc = source["hlc"];
	        this.code = source["code"];
	        this.field = source["field"];
	        this.deleted = source["deleted"];
	        this.fields = source["fields"];
	        this.actorId = source["actorId"];
	        this.deviceId = source["deviceId"];
	        this.createdAt = source["createdAt"];
	        this.resolvedAt = source["resolvedAt"];
	        this.resolution = source["resolution"];
	    }
	}
	export class FieldChange {
	    field: string;
	    old: any;
	    new: any;
	    secret?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new FieldChange(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.field = source["field"];
	        this.old = source["old"];
	        this.new = source["new"];
	        this.secret = source["secret"];
	    }
	}

}

export namespace sync {
	
	export class DeviceInfo {
	    id: string;
	    name: string;
	    created_at: string;
	    last_seen_at: string;
	    revoked: boolean;
	    revoked_at: string;
	    waiting_key: boolean;
	
	    static createFrom(source: any = {}) {
	        return new DeviceInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.created_at = source["created_at"];
	        this.last_seen_at = source["last_seen_at"];
	        this.revoked = source["revoked"];
	        this.revoked_at = source["revoked_at"];
	        this.waiting_key = source["waiting_key"];
	    }
	}
	export class KeyResult {
	    received: boolean;
	    waiting: boolean;
	
	    static createFrom(source: any = {}) {
	        return new KeyResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.received = source["received"];
	        this.waiting = source["waiting"];
	    }
	}
	export class RotationResult {
	    keyId: string;
	    sealed: number;
	    waiting: string[];
	
	    static createFrom(source: any = {}) {
	        return new RotationResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.keyId = source["keyId"];
	        this.sealed = source["sealed"];
	        this.waiting = source["waiting"];
	    }
	}
	export class Status {
	    configured: boolean;
	    serverUrl: string;
	    deviceId: string;
	    fingerprint: string;
	    connected: boolean;
	    running: boolean;
	    lastSync: string;
	    pending: number;
	    parked: number;
	    conflicts: number;
	    pulled: number;
	    cursor: number;
	    pulling: boolean;
	    headKnown: boolean;
	    pullDone: number;
	    pullTotal: number;
	    progress: number;
	    snapshot: boolean;
	    copy: boolean;
	    restart: boolean;
	    error: string;
	    clockAhead: boolean;
	    seq: number;
	
	    static createFrom(source: any = {}) {
	        return new Status(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.configured = source["configured"];
	        this.serverUrl = source["serverUrl"];
	        this.deviceId = source["deviceId"];
	        this.fingerprint = source["fingerprint"];
	        this.connected = source["connected"];
	        this.running = source["running"];
	        this.lastSync = source["lastSync"];
	        this.pending = source["pending"];
	        this.parked = source["parked"];
	        this.conflicts = source["conflicts"];
	        this.pulled = source["pulled"];
	        this.cursor = source["cursor"];
	        this.pulling = source["pulling"];
	        this.headKnown = source["headKnown"];
	        this.pullDone = source["pullDone"];
	        this.pullTotal = source["pullTotal"];
	        this.progress = source["progress"];
	        this.snapshot = source["snapshot"];
	        this.copy = source["copy"];
	        this.restart = source["restart"];
	        this.error = source["error"];
	        this.clockAhead = source["clockAhead"];
	        this.seq = source["seq"];
	    }
	}

}

export namespace syncwire {
	
	export class EnrollCodeResponse {
	    code: string;
	    expires_at: string;
	
	    static createFrom(source: any = {}) {
	        return new EnrollCodeResponse(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.expires_at = source["expires_at"];
	    }
	}

}

export namespace users {
	
	export class CampaignRef {
	    id: string;
	    name: string;
	    role: string;
	
	    static createFrom(source: any = {}) {
	        return new CampaignRef(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.role = source["role"];
	    }
	}
	export class CreateInput {
	    firstName: string;
	    lastName: string;
	    username: string;
	    email: string;
	    phone: string;
	    extension: string;
	    language: string;
	    profileId: string;
	    workspaceIds: string[];
	    active: boolean;
	    password: string;
	    mustSetPassword: boolean;
	
	    static createFrom(source: any = {}) {
	        return new CreateInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.firstName = source["firstName"];
	        this.lastName = source["lastName"];
	        this.username = source["username"];
	        this.email = source["email"];
	        this.phone = source["phone"];
	        this.extension = source["extension"];
	        this.language = source["language"];
	        this.profileId = source["profileId"];
	        this.workspaceIds = source["workspaceIds"];
	        this.active = source["active"];
	        this.password = source["password"];
	        this.mustSetPassword = source["mustSetPassword"];
	    }
	}
	export class CustomField {
	    label: string;
	    value: string;
	
	    static createFrom(source: any = {}) {
	        return new CustomField(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.label = source["label"];
	        this.value = source["value"];
	    }
	}
	export class Ref {
	    id: string;
	    name: string;
	
	    static createFrom(source: any = {}) {
	        return new Ref(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	    }
	}
	export class ProfileRef {
	    id: string;
	    name: string;
	    role: string;
	    icon: string;
	
	    static createFrom(source: any = {}) {
	        return new ProfileRef(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.role = source["role"];
	        this.icon = source["icon"];
	    }
	}
	export class FilterOptions {
	    profiles: ProfileRef[];
	    teams: Ref[];
	    campaigns: Ref[];
	    workspaces: Ref[];
	
	    static createFrom(source: any = {}) {
	        return new FilterOptions(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.profiles = this.convertValues(source["profiles"], ProfileRef);
	        this.teams = this.convertValues(source["teams"], Ref);
	        this.campaigns = this.convertValues(source["campaigns"], Ref);
	        this.workspaces = this.convertValues(source["workspaces"], Ref);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Handover {
	    toUserIds: string[];
	    spread: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Handover(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.toUserIds = source["toUserIds"];
	        this.spread = source["spread"];
	    }
	}
	export class Sentence {
	    key: string;
	    params: Record<string, any>;
	    count: number;
	
	    static createFrom(source: any = {}) {
	        return new Sentence(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.params = source["params"];
	        this.count = source["count"];
	    }
	}
	export class HistoryEntry {
	    id: string;
	    at: string;
	    actorId: string;
	    actorName: string;
	    action: string;
	    workstationId: string;
	    changes: store.FieldChange[];
	    sentence?: Sentence;
	
	    static createFrom(source: any = {}) {
	        return new HistoryEntry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.at = source["at"];
	        this.actorId = source["actorId"];
	        this.actorName = source["actorName"];
	        this.action = source["action"];
	        this.workstationId = source["workstationId"];
	        this.changes = this.convertValues(source["changes"], store.FieldChange);
	        this.sentence = this.convertValues(source["sentence"], Sentence);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class HistoryPage {
	    rows: HistoryEntry[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new HistoryPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.rows = this.convertValues(source["rows"], HistoryEntry);
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ImportOptions {
	    onlyValid: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ImportOptions(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.onlyValid = source["onlyValid"];
	    }
	}
	export class ImportRow {
	    line: number;
	    firstName: string;
	    lastName: string;
	    username: string;
	    email: string;
	    phone: string;
	    extension: string;
	    language: string;
	    profile: string;
	    workspaces: string[];
	    profileId: string;
	    workspaceIds: string[];
	    proposed: boolean;
	    errors: apperr.Error[];
	
	    static createFrom(source: any = {}) {
	        return new ImportRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.line = source["line"];
	        this.firstName = source["firstName"];
	        this.lastName = source["lastName"];
	        this.username = source["username"];
	        this.email = source["email"];
	        this.phone = source["phone"];
	        this.extension = source["extension"];
	        this.language = source["language"];
	        this.profile = source["profile"];
	        this.workspaces = source["workspaces"];
	        this.profileId = source["profileId"];
	        this.workspaceIds = source["workspaceIds"];
	        this.proposed = source["proposed"];
	        this.errors = this.convertValues(source["errors"], apperr.Error);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ImportPreview {
	    rows: ImportRow[];
	    valid: number;
	    invalid: number;
	
	    static createFrom(source: any = {}) {
	        return new ImportPreview(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.rows = this.convertValues(source["rows"], ImportRow);
	        this.valid = source["valid"];
	        this.invalid = source["invalid"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ImportResult {
	    created: number;
	    skipped: number;
	    ids: string[];
	
	    static createFrom(source: any = {}) {
	        return new ImportResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.created = source["created"];
	        this.skipped = source["skipped"];
	        this.ids = source["ids"];
	    }
	}
	
	export class Sort {
	    field: string;
	    dir: string;
	
	    static createFrom(source: any = {}) {
	        return new Sort(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.field = source["field"];
	        this.dir = source["dir"];
	    }
	}
	export class ListQuery {
	    search: string;
	    profiles: string[];
	    roles: string[];
	    statuses: string[];
	    teams: string[];
	    campaigns: string[];
	    workspaces: string[];
	    presences: string[];
	    sort: Sort;
	    offset: number;
	    limit: number;
	    after: string;
	
	    static createFrom(source: any = {}) {
	        return new ListQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.search = source["search"];
	        this.profiles = source["profiles"];
	        this.roles = source["roles"];
	        this.statuses = source["statuses"];
	        this.teams = source["teams"];
	        this.campaigns = source["campaigns"];
	        this.workspaces = source["workspaces"];
	        this.presences = source["presences"];
	        this.sort = this.convertValues(source["sort"], Sort);
	        this.offset = source["offset"];
	        this.limit = source["limit"];
	        this.after = source["after"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class OffboardPreview {
	    clients: number;
	    followups: number;
	    teams: number;
	    campaigns: number;
	
	    static createFrom(source: any = {}) {
	        return new OffboardPreview(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.clients = source["clients"];
	        this.followups = source["followups"];
	        this.teams = source["teams"];
	        this.campaigns = source["campaigns"];
	    }
	}
	export class OffboardResult {
	    clients: number;
	    followups: number;
	    teams: number;
	    campaigns: number;
	    sessions: number;
	    recipients: number;
	    unassigned: number;
	
	    static createFrom(source: any = {}) {
	        return new OffboardResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.clients = source["clients"];
	        this.followups = source["followups"];
	        this.teams = source["teams"];
	        this.campaigns = source["campaigns"];
	        this.sessions = source["sessions"];
	        this.recipients = source["recipients"];
	        this.unassigned = source["unassigned"];
	    }
	}
	export class UserRow {
	    id: string;
	    shortId: string;
	    displayName: string;
	    firstName: string;
	    lastName: string;
	    username: string;
	    email: string;
	    profileId: string;
	    profileName: string;
	    profileRole: string;
	    profileIcon: string;
	    role: string;
	    extension: string;
	    status: string;
	    presence: string;
	    lastActiveAt: string;
	    createdAt: string;
	    avatarId: string;
	    teams: string[];
	    campaigns: string[];
	    workspaces: string[];
	
	    static createFrom(source: any = {}) {
	        return new UserRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.shortId = source["shortId"];
	        this.displayName = source["displayName"];
	        this.firstName = source["firstName"];
	        this.lastName = source["lastName"];
	        this.username = source["username"];
	        this.email = source["email"];
	        this.profileId = source["profileId"];
	        this.profileName = source["profileName"];
	        this.profileRole = source["profileRole"];
	        this.profileIcon = source["profileIcon"];
	        this.role = source["role"];
	        this.extension = source["extension"];
	        this.status = source["status"];
	        this.presence = source["presence"];
	        this.lastActiveAt = source["lastActiveAt"];
	        this.createdAt = source["createdAt"];
	        this.avatarId = source["avatarId"];
	        this.teams = source["teams"];
	        this.campaigns = source["campaigns"];
	        this.workspaces = source["workspaces"];
	    }
	}
	export class Page {
	    rows: UserRow[];
	    total: number;
	    next: string;
	
	    static createFrom(source: any = {}) {
	        return new Page(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.rows = this.convertValues(source["rows"], UserRow);
	        this.total = source["total"];
	        this.next = source["next"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ProfileActions {
	    resetPassword: boolean;
	    resetTwoFactor: boolean;
	    changePhoto: boolean;
	    transferOwnership: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ProfileActions(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.resetPassword = source["resetPassword"];
	        this.resetTwoFactor = source["resetTwoFactor"];
	        this.changePhoto = source["changePhoto"];
	        this.transferOwnership = source["transferOwnership"];
	    }
	}
	
	
	
	export class SignInEvent {
	    id: string;
	    at: string;
	    action: string;
	    workstationId: string;
	    reason?: string;
	    failures?: number;
	    minutes?: number;
	
	    static createFrom(source: any = {}) {
	        return new SignInEvent(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.at = source["at"];
	        this.action = source["action"];
	        this.workstationId = source["workstationId"];
	        this.reason = source["reason"];
	        this.failures = source["failures"];
	        this.minutes = source["minutes"];
	    }
	}
	export class SignInPage {
	    rows: SignInEvent[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new SignInPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.rows = this.convertValues(source["rows"], SignInEvent);
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Skill {
	    name: string;
	    level: number;
	
	    static createFrom(source: any = {}) {
	        return new Skill(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.level = source["level"];
	    }
	}
	
	export class UpdateInput {
	    firstName?: string;
	    lastName?: string;
	    username?: string;
	    email?: string;
	    phone?: string;
	    extension?: string;
	    language?: string;
	    signature?: string;
	    profileId?: string;
	    workspaceIds?: string[];
	    active?: boolean;
	    skills?: Skill[];
	    customFields?: CustomField[];
	
	    static createFrom(source: any = {}) {
	        return new UpdateInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.firstName = source["firstName"];
	        this.lastName = source["lastName"];
	        this.username = source["username"];
	        this.email = source["email"];
	        this.phone = source["phone"];
	        this.extension = source["extension"];
	        this.language = source["language"];
	        this.signature = source["signature"];
	        this.profileId = source["profileId"];
	        this.workspaceIds = source["workspaceIds"];
	        this.active = source["active"];
	        this.skills = this.convertValues(source["skills"], Skill);
	        this.customFields = this.convertValues(source["customFields"], CustomField);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class UserDetail {
	    user: UserRow;
	    phone: string;
	    language: string;
	    signature: string;
	    invited: boolean;
	    mustChangePassword: boolean;
	    updatedAt: string;
	    workspaces: Ref[];
	    teams: Ref[];
	    campaigns: CampaignRef[];
	    clientCount: number;
	    openFollowups: number;
	    editable: string[];
	    canDeactivate: boolean;
	    canDelete: boolean;
	    skills: Skill[];
	    customFields: CustomField[];
	    modules: string[];
	    twoFactorEnabled: boolean;
	    can: ProfileActions;
	
	    static createFrom(source: any = {}) {
	        return new UserDetail(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.user = this.convertValues(source["user"], UserRow);
	        this.phone = source["phone"];
	        this.language = source["language"];
	        this.signature = source["signature"];
	        this.invited = source["invited"];
	        this.mustChangePassword = source["mustChangePassword"];
	        this.updatedAt = source["updatedAt"];
	        this.workspaces = this.convertValues(source["workspaces"], Ref);
	        this.teams = this.convertValues(source["teams"], Ref);
	        this.campaigns = this.convertValues(source["campaigns"], CampaignRef);
	        this.clientCount = source["clientCount"];
	        this.openFollowups = source["openFollowups"];
	        this.editable = source["editable"];
	        this.canDeactivate = source["canDeactivate"];
	        this.canDelete = source["canDelete"];
	        this.skills = this.convertValues(source["skills"], Skill);
	        this.customFields = this.convertValues(source["customFields"], CustomField);
	        this.modules = source["modules"];
	        this.twoFactorEnabled = source["twoFactorEnabled"];
	        this.can = this.convertValues(source["can"], ProfileActions);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

