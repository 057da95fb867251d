/** The product's languages: Swedish first, English. Every "which language" in the code is this type. */
export type Lang = 'sv' | 'en';
