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

export namespace profile {
	
	export class Patch {
	    username?: string;
	    email?: string;
	    first_name?: string;
	    last_name?: string;
	    number_phone?: string;
	
	    static createFrom(source: any = {}) {
	        return new Patch(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.username = source["username"];
	        this.email = source["email"];
	        this.first_name = source["first_name"];
	        this.last_name = source["last_name"];
	        this.number_phone = source["number_phone"];
	    }
	}
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

