export namespace accounts {
	
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
	

}

export namespace app {
	
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

