export namespace accounts {
	
	export class SignInInput {
	    login: string;
	    password: string;
	
	    static createFrom(source: any = {}) {
	        return new SignInInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.login = source["login"];
	        this.password = source["password"];
	    }
	}
	export class SignUpInput {
	    username: string;
	    email: string;
	    password: string;
	    first_name: string;
	    last_name: string;
	    number_phone: string;
	
	    static createFrom(source: any = {}) {
	        return new SignUpInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.username = source["username"];
	        this.email = source["email"];
	        this.password = source["password"];
	        this.first_name = source["first_name"];
	        this.last_name = source["last_name"];
	        this.number_phone = source["number_phone"];
	    }
	}

}

export namespace apperr {
	
	export class PublicMessage {
	    key: string;
	    params?: Record<string, any>;
	
	    static createFrom(source: any = {}) {
	        return new PublicMessage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.params = source["params"];
	    }
	}
	export class Public {
	    code: string;
	    key: string;
	    params?: Record<string, any>;
	    fields?: Record<string, PublicMessage>;
	
	    static createFrom(source: any = {}) {
	        return new Public(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.key = source["key"];
	        this.params = source["params"];
	        this.fields = this.convertValues(source["fields"], PublicMessage, true);
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

export namespace generator {
	
	export class Options {
	    length: number;
	    lower: boolean;
	    upper: boolean;
	    digits: boolean;
	    symbols: boolean;
	    exclude_lookalikes: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Options(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.length = source["length"];
	        this.lower = source["lower"];
	        this.upper = source["upper"];
	        this.digits = source["digits"];
	        this.symbols = source["symbols"];
	        this.exclude_lookalikes = source["exclude_lookalikes"];
	    }
	}
	export class Presets {
	    standard: Options;
	    strong: Options;
	
	    static createFrom(source: any = {}) {
	        return new Presets(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.standard = this.convertValues(source["standard"], Options);
	        this.strong = this.convertValues(source["strong"], Options);
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
	export class Result {
	    password: string;
	    entropy_bits: number;
	
	    static createFrom(source: any = {}) {
	        return new Result(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.password = source["password"];
	        this.entropy_bits = source["entropy_bits"];
	    }
	}

}

export namespace profile {
	
	export class Profile {
	    id: number;
	    username: string;
	    email: string;
	    first_name: string;
	    last_name: string;
	    number_phone?: string;
	    avatar?: string;
	    date_joined: string;
	    updated_at: string;
	
	    static createFrom(source: any = {}) {
	        return new Profile(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.username = source["username"];
	        this.email = source["email"];
	        this.first_name = source["first_name"];
	        this.last_name = source["last_name"];
	        this.number_phone = source["number_phone"];
	        this.avatar = source["avatar"];
	        this.date_joined = source["date_joined"];
	        this.updated_at = source["updated_at"];
	    }
	}

}

export namespace settings {
	
	export class Appearance {
	    theme: string;
	    language: string;
	
	    static createFrom(source: any = {}) {
	        return new Appearance(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.theme = source["theme"];
	        this.language = source["language"];
	    }
	}
	export class Settings {
	    idle_lock_minutes: number;
	
	    static createFrom(source: any = {}) {
	        return new Settings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.idle_lock_minutes = source["idle_lock_minutes"];
	    }
	}

}

export namespace syncer {
	
	export class Conflict {
	    field: string;
	    mine: string;
	    server: string;
	
	    static createFrom(source: any = {}) {
	        return new Conflict(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.field = source["field"];
	        this.mine = source["mine"];
	        this.server = source["server"];
	    }
	}
	export class LinkInput {
	    server_url: string;
	    mode: string;
	    email: string;
	    password: string;
	    username: string;
	
	    static createFrom(source: any = {}) {
	        return new LinkInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.server_url = source["server_url"];
	        this.mode = source["mode"];
	        this.email = source["email"];
	        this.password = source["password"];
	        this.username = source["username"];
	    }
	}
	export class Problem {
	    part: string;
	    error: apperr.Public;
	
	    static createFrom(source: any = {}) {
	        return new Problem(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.part = source["part"];
	        this.error = this.convertValues(source["error"], apperr.Public);
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
	export class Transfer {
	    part: string;
	    done: number;
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new Transfer(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.part = source["part"];
	        this.done = source["done"];
	        this.total = source["total"];
	    }
	}
	export class Status {
	    state: string;
	    server_url: string;
	    remote_username: string;
	    remote_email: string;
	    pending: number;
	    conflicts: Conflict[];
	    last_synced_at?: string;
	    next_retry_at?: string;
	    error?: apperr.Public;
	    problems: Problem[];
	    transfer?: Transfer;
	
	    static createFrom(source: any = {}) {
	        return new Status(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.state = source["state"];
	        this.server_url = source["server_url"];
	        this.remote_username = source["remote_username"];
	        this.remote_email = source["remote_email"];
	        this.pending = source["pending"];
	        this.conflicts = this.convertValues(source["conflicts"], Conflict);
	        this.last_synced_at = source["last_synced_at"];
	        this.next_retry_at = source["next_retry_at"];
	        this.error = this.convertValues(source["error"], apperr.Public);
	        this.problems = this.convertValues(source["problems"], Problem);
	        this.transfer = this.convertValues(source["transfer"], Transfer);
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

export namespace vault {
	
	export class Input {
	    name_pages: string;
	    url: string;
	    username: string;
	    password_saved: string;
	
	    static createFrom(source: any = {}) {
	        return new Input(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name_pages = source["name_pages"];
	        this.url = source["url"];
	        this.username = source["username"];
	        this.password_saved = source["password_saved"];
	    }
	}
	export class Summary {
	    id: number;
	    name_pages: string;
	    url: string;
	    username: string;
	    updated_at: string;
	    damaged?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Summary(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name_pages = source["name_pages"];
	        this.url = source["url"];
	        this.username = source["username"];
	        this.updated_at = source["updated_at"];
	        this.damaged = source["damaged"];
	    }
	}
	export class Page {
	    items: Summary[];
	    total: number;
	    generation: number;
	
	    static createFrom(source: any = {}) {
	        return new Page(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], Summary);
	        this.total = source["total"];
	        this.generation = source["generation"];
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

export namespace vaultsync {
	
	export class FieldConflict {
	    field: string;
	    mine: string;
	    server: string;
	
	    static createFrom(source: any = {}) {
	        return new FieldConflict(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.field = source["field"];
	        this.mine = source["mine"];
	        this.server = source["server"];
	    }
	}
	export class EntryConflict {
	    entry_id: number;
	    name_pages: string;
	    fields: FieldConflict[];
	
	    static createFrom(source: any = {}) {
	        return new EntryConflict(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.entry_id = source["entry_id"];
	        this.name_pages = source["name_pages"];
	        this.fields = this.convertValues(source["fields"], FieldConflict);
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
	
	export class Report {
	    enabled: boolean;
	    pending: number;
	    refused: number;
	    failed: boolean;
	    conflicts: EntryConflict[];
	    last_synced_at?: string;
	
	    static createFrom(source: any = {}) {
	        return new Report(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.enabled = source["enabled"];
	        this.pending = source["pending"];
	        this.refused = source["refused"];
	        this.failed = source["failed"];
	        this.conflicts = this.convertValues(source["conflicts"], EntryConflict);
	        this.last_synced_at = source["last_synced_at"];
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

