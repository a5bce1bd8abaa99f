export {};
console.log('csm placeholder');
